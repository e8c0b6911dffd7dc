package dev.mta.smtpd.wire;

import dev.mta.core.smtp.Reply;

/**
 * Replies of the wire layer that the shared catalogue ({@link dev.mta.core.smtp.Replies}) does not have yet.
 * Each one is a candidate to move there; until then it lives here, in one place.
 */
public final class WireReplies {

    /**
     * A command line that held a bare CR or LF. Refused, never executed (RFC 5321 section 2.3.8: lines end in
     * CRLF only; SECURITY.md S-01, "bare LF ending a command"). The same code as an unrecognized command.
     */
    public static final Reply BARE_LINE_ENDING_IN_COMMAND =
            Reply.of(500, "5.5.2", "Syntax error, bare CR or LF in command line");

    /** A command line that is not valid UTF-8 (RFC 6531 section 3.3 allows UTF-8 and nothing else). */
    public static final Reply INVALID_UTF8_IN_COMMAND =
            Reply.of(500, "5.5.2", "Syntax error, command line is not valid UTF-8");

    private WireReplies() {
    }
}
