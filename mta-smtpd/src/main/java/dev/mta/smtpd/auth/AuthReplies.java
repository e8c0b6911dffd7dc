package dev.mta.smtpd.auth;

import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;

/**
 * AUTH replies that the shared catalogue ({@link dev.mta.core.smtp.Replies}) does not have yet. The ones it has
 * ({@code AUTH_FAILED}, {@code AUTH_CANCELLED}, {@code AUTH_LINE_TOO_LONG}, ...) are used from there. Candidates
 * for moving into the catalogue.
 */
public final class AuthReplies {

    /**
     * A SASL response that is not valid base64, or whose decoded form breaks the mechanism's syntax (RFC 4954
     * section 4 asks for 501 when the response cannot be decoded; X.5.2 syntax error; Postfix's text).
     */
    public static final Reply CANNOT_DECODE = Replies.AUTH_CANNOT_DECODE;

    /**
     * The client's address failed to authenticate too often and is locked out for a while; a correct password
     * gets this too, so a guesser learns nothing during the lock (SECURITY.md S-12). 454 4.7.0 is RFC 4954
     * section 6's "temporary authentication failure": the client may try again later, and a mail program shows
     * a temporary error rather than asking its user for a new password. See {@link AuthThrottle} for why not 421.
     */
    public static final Reply TOO_MANY_FAILURES =
            Reply.of(454, "4.7.0", "Temporary authentication failure, try again later");

    /** The password check could not run (the pool is full or failed); nothing about the credentials is known. */
    public static final Reply TEMPORARY_FAILURE = Reply.of(454, "4.7.0", "Temporary authentication failure");

    private AuthReplies() {
    }
}
