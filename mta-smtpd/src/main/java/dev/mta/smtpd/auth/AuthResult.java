package dev.mta.smtpd.auth;

import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;

import java.time.Duration;
import java.util.Objects;

/** The outcome of {@link Authenticator#authenticate}: logged in as a user, or a reply to send after a delay. */
public sealed interface AuthResult permits AuthResult.Succeeded, AuthResult.Refused {

    /**
     * The credentials are right. Answer {@link Replies#AUTH_SUCCEEDED} at once.
     *
     * @param user the user, with its login as the users file writes it (the canonical name)
     */
    record Succeeded(User user) implements AuthResult {
        public Succeeded {
            Objects.requireNonNull(user, "user");
        }

        public Reply reply() {
            return Replies.AUTH_SUCCEEDED;
        }
    }

    /**
     * Not logged in. {@code reply} is {@link Replies#AUTH_FAILED} for an unknown user and a wrong password
     * alike, {@link AuthReplies#TOO_MANY_FAILURES} for a client that is locked out, and
     * {@link AuthReplies#TEMPORARY_FAILURE} when the check could not run. The session writes it after
     * {@code delay}, scheduled on its event loop, never by sleeping.
     *
     * @param reply the reply to write
     * @param delay how long to wait before writing it
     */
    record Refused(Reply reply, Duration delay) implements AuthResult {
        public Refused {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(delay, "delay");
        }
    }
}
