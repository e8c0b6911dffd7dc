package dev.mta.smtpd.wire;

import dev.mta.core.smtp.Reply;

import java.util.Objects;

/**
 * What {@link SmtpLineDecoder} emits for each CRLF-terminated line: the line's text, or the reply that
 * refuses it. One line on the wire gives exactly one of these, so a pipelining client (RFC 2920) gets one
 * reply per line it sent, whatever was wrong with the line.
 */
public sealed interface SmtpLine permits SmtpLine.CommandLine, SmtpLine.RejectedLine {

    /**
     * A well-formed line: valid UTF-8, no CR or LF inside, within the length limit.
     *
     * @param text the line without its CRLF
     */
    record CommandLine(String text) implements SmtpLine {
        public CommandLine {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A line that must not be executed: it held a bare CR or LF, was too long, or was not UTF-8.
     *
     * @param reply the reply the session sends instead of executing anything
     */
    record RejectedLine(Reply reply) implements SmtpLine {
        public RejectedLine {
            Objects.requireNonNull(reply, "reply");
        }
    }
}
