package dev.mta.smtpd;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the server waits for a client.
 *
 * @param command for the next command line (RFC 5321 section 4.5.3.2.7: a server waits at least 5 minutes)
 * @param data    for the next block of message data (RFC 5321 section 4.5.3.2.5: 3 minutes at least on the
 *                client's side; 5 by default here, so the server is never the impatient one)
 */
public record TimeoutSettings(Duration command, Duration data) {

    public static final TimeoutSettings DEFAULTS = new TimeoutSettings(Duration.ofMinutes(5), Duration.ofMinutes(5));

    public TimeoutSettings {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(data, "data");
        if (command.isNegative() || command.isZero() || data.isNegative() || data.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }
}
