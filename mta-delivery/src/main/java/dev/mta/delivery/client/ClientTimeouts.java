package dev.mta.delivery.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the client waits for each step (RFC 5321 section 4.5.3.2). A step that takes longer ends the
 * connection, and the transaction is deferred.
 *
 * @param connect         TCP connect (not in the RFC; Postfix's smtp_connect_timeout is 30 s)
 * @param greeting        the 220 greeting: 5 minutes
 * @param command         EHLO, HELO, STARTTLS and the TLS handshake, AUTH, RSET, QUIT: 5 minutes
 * @param mail            the reply to MAIL: 5 minutes
 * @param rcpt            the reply to each RCPT: 5 minutes
 * @param dataInitiation  the 354 reply to DATA: 2 minutes
 * @param dataBlock       each block of content written, and the reply to each BDAT chunk but the last: 3 minutes
 * @param dataTermination the reply after the final dot or BDAT LAST: 10 minutes
 */
public record ClientTimeouts(Duration connect, Duration greeting, Duration command, Duration mail, Duration rcpt,
                             Duration dataInitiation, Duration dataBlock, Duration dataTermination) {

    /** The values RFC 5321 section 4.5.3.2 recommends. */
    public static final ClientTimeouts RFC_5321 = new ClientTimeouts(Duration.ofSeconds(30), Duration.ofMinutes(5),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2),
            Duration.ofMinutes(3), Duration.ofMinutes(10));

    public ClientTimeouts {
        for (Duration d : new Duration[] {connect, greeting, command, mail, rcpt, dataInitiation, dataBlock,
            dataTermination}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a timeout must be positive: " + d);
            }
        }
    }

    /** Every step with the same limit; for tests that want a short one. */
    public static ClientTimeouts all(Duration timeout) {
        return new ClientTimeouts(timeout, timeout, timeout, timeout, timeout, timeout, timeout, timeout);
    }
}
