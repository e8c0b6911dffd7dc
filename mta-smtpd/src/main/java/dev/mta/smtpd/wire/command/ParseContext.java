package dev.mta.smtpd.wire.command;

import dev.mta.core.address.Utf8Mode;

import java.util.Objects;

/**
 * What the command parser needs to know about the session. Whether an extension may be used at all (SMTPUTF8
 * only when offered, BINARYMIME only with CHUNKING, ...) is the session's check on the parsed command, not
 * the parser's.
 *
 * @param recipientMode whether RCPT TO may carry a non-ASCII address: only in a transaction whose MAIL FROM
 *                      carried SMTPUTF8 (RFC 6531 section 3.4). MAIL FROM decides for itself, from its own
 *                      parameters.
 */
public record ParseContext(Utf8Mode recipientMode) {

    /** Outside a transaction, or in one without SMTPUTF8. */
    public static final ParseContext ASCII = new ParseContext(Utf8Mode.ASCII_ONLY);

    /** In a transaction whose MAIL FROM carried SMTPUTF8. */
    public static final ParseContext SMTPUTF8 = new ParseContext(Utf8Mode.UTF8_ALLOWED);

    public ParseContext {
        Objects.requireNonNull(recipientMode, "recipientMode");
    }
}
