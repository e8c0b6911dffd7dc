package dev.mta.delivery.client;

import java.util.Objects;

/**
 * What {@link SmtpReplyDecoder} passes on instead of a {@link dev.mta.core.smtp.Reply} when the bytes from the
 * server are not a well-formed reply: a bare LF or CR, a bad code, codes that change within a multi-line reply, a
 * line or reply over the limits. A value, not an exception, so a hostile server cannot make the client crash
 * (SECURITY.md S-07); the connection is closed after it and the transaction deferred.
 *
 * @param reason what was wrong, printable ASCII, safe to log; never the remote text itself
 */
public record ProtocolError(String reason) {

    public ProtocolError {
        Objects.requireNonNull(reason, "reason");
    }
}
