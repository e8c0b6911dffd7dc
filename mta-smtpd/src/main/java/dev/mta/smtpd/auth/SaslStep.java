package dev.mta.smtpd.auth;

import dev.mta.core.smtp.Reply;
import dev.mta.core.smtp.Replies;

import java.util.Objects;

/**
 * What a SASL exchange wants after each client response: send a challenge and wait, check these credentials,
 * or answer with this failure and end the exchange.
 */
public sealed interface SaslStep permits SaslStep.Challenge, SaslStep.Credentials, SaslStep.Failed {

    /**
     * Send {@code 334 <base64>} and pass the client's next line to {@link SaslExchange#respond}.
     *
     * @param base64 the challenge, already base64 (possibly empty: {@code "334 "})
     */
    record Challenge(String base64) implements SaslStep {
        public Challenge {
            Objects.requireNonNull(base64, "base64");
        }

        /** The reply to write. */
        public Reply reply() {
            return Replies.authChallenge(base64);
        }
    }

    /**
     * The exchange is complete: check these credentials ({@link Authenticator}). {@link #toString()} never
     * shows the password.
     *
     * @param authcid  the authentication identity (the user name), as the client sent it, never empty
     * @param password the password, never empty
     */
    record Credentials(String authcid, String password) implements SaslStep {
        public Credentials {
            Objects.requireNonNull(authcid, "authcid");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Credentials[authcid=" + LogSafe.quote(authcid) + ", password=(hidden)]";
        }
    }

    /**
     * The exchange failed without a password check. The session passes it to
     * {@link Authenticator#refused(Failed, java.net.InetAddress)}, which counts refused credentials towards the
     * throttle and says how long to wait before writing the reply.
     *
     * @param reply the reply to write
     */
    record Failed(Reply reply) implements SaslStep {
        public Failed {
            Objects.requireNonNull(reply, "reply");
        }
    }
}
