package dev.mta.delivery.client;

import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;

/**
 * The replies the client makes for failures of its own, recorded with the recipients like a server's reply and
 * used in DSNs. Temporary ones are 4xx, since another try may work (DESIGN.md invariant 9); permanent ones are
 * refusals the next hop would give anyway, found before anything is sent.
 */
final class ClientReplies {

    /** No TCP connection (RFC 3463: X.4.1 no answer from host). */
    static final Reply CONNECT_FAILED = Reply.of(421, "4.4.1", "Could not connect to next hop");
    /** The connection ended before the reply (X.4.2 bad connection). */
    static final Reply CONNECTION_LOST = Reply.of(421, "4.4.2", "Connection to next hop lost");
    /** The server did not answer in time (RFC 5321 section 4.5.3.2; X.4.2). */
    static final Reply TIMEOUT = Reply.of(421, "4.4.2", "Timeout waiting for next hop");
    /** A reply that is not SMTP, or one nobody asked for (X.5.0 other protocol status). */
    static final Reply MALFORMED_REPLY = Reply.of(421, "4.5.0", "Malformed reply from next hop");
    /** Plaintext after the 220 to STARTTLS (SECURITY.md S-05; X.7.0 other security status). */
    static final Reply TLS_INJECTION = Reply.of(421, "4.7.0", "Data injected before TLS handshake, connection dropped");
    /** TLS asked for by policy but not offered, refused or failed (S-05: defer, never in clear). */
    static final Reply TLS_UNAVAILABLE = Reply.of(421, "4.7.0", "TLS required but not available at next hop");
    /** A login is configured but TLS is not verified: AUTH is never sent then (S-05). */
    static final Reply AUTH_NEEDS_VERIFIED_TLS =
            Reply.of(421, "4.7.0", "Refusing to authenticate without verified TLS");
    /** The server refused our login; deferred, since a password change may fix it (as Postfix does). */
    static final Reply AUTH_FAILED = Reply.of(421, "4.7.8", "Authentication to next hop failed");
    /** The stored message could not be read (X.3.0 other mail system status). */
    static final Reply CONTENT_UNREADABLE = Reply.of(451, "4.3.0", "Local error reading the message");
    /** A bug of ours; temporary so nothing is failed for it. */
    static final Reply LOCAL_ERROR = Reply.of(451, "4.3.0", "Local error in SMTP client");

    /** Over the SIZE the server announced (RFC 1870 section 6; X.3.4 message too big for system). */
    static final Reply TOO_BIG = Reply.of(552, "5.3.4", "Message size exceeds the limit of next hop");
    /** SMTPUTF8 needed but not offered (RFC 6531 section 3.2; X.6.7). */
    static final Reply SMTPUTF8_UNSUPPORTED = Reply.of(553, "5.6.7", "Next hop does not support SMTPUTF8");
    /** BINARYMIME without BINARYMIME and CHUNKING at the next hop (RFC 3030 section 3; X.6.3). */
    static final Reply BINARYMIME_UNSUPPORTED = Replies.BINARYMIME_UNSUPPORTED;
    /** An address that cannot be written in a command (a CR or LF; DESIGN.md invariant 10; X.1.3). */
    static final Reply BAD_RECIPIENT = Reply.of(553, "5.1.3", "Recipient address cannot be sent");
    /** The sender cannot be written in a command (X.1.7). */
    static final Reply BAD_SENDER = Reply.of(553, "5.1.7", "Sender address cannot be sent");

    private ClientReplies() {
    }
}
