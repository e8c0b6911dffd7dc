package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;

import java.util.Objects;

/** What {@link SmtpClient#connect} gives: a ready connection, or why there is none. Never an exception. */
public sealed interface ConnectResult {

    /**
     * The session is ready for transactions: greeted, EHLO (or HELO) done, TLS and AUTH as the policy asks.
     *
     * @param connection the connection
     */
    record Connected(SmtpConnection connection) implements ConnectResult {
        public Connected {
            Objects.requireNonNull(connection, "connection");
        }
    }

    /**
     * No session. The reply is the server's when it refused (a 421 or 554 greeting, a failed EHLO or AUTH) and one
     * the client made otherwise (no connection, a timeout, a malformed reply, STARTTLS required but missing or
     * attacked); those are always 4xx, since another try may work (DESIGN.md invariant 9). A 5xx greeting says
     * "no SMTP service here" (RFC 5321 section 3.1): whether that fails the message or moves on to the next MX
     * is for the router to decide.
     *
     * @param reply  the deciding reply
     * @param detail a short log-safe description
     */
    record Failed(Reply reply, String detail) implements ConnectResult {
        public Failed {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
