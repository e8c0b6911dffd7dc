package dev.mta.daemon.sendmail;

import java.util.List;

/**
 * A reply of the daemon: its code and its text lines (RFC 5321 section 4.2).
 *
 * @param code  the three-digit code
 * @param lines the text after the code of each line
 */
record SmtpReply(int code, List<String> lines) {

    SmtpReply {
        lines = List.copyOf(lines);
    }

    boolean positive() {
        return code >= 200 && code < 400;
    }

    boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    /** The reply as one line, for stderr: {@code 550 5.1.1 No such user here}. */
    String text() {
        return code + " " + String.join(" / ", lines);
    }
}
