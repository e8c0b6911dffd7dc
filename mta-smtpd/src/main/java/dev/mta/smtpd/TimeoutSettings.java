package dev.mta.smtpd;

import java.time.Duration;
import java.util.Objects;

/**
 * How long the server waits for a client.
 *
 * @param command for the next command line (RFC 5321 section 4.5.3.2.7: a server waits at least 5 minutes)
 * @param data    for the next block of message data (RFC 5321 section 4.5.3.2.5: 3 minutes at least on the
 *                client's side; 5 by default here, so the server is never the impatient one)
 * @param greetingDelay how long a port 25 ({@link ListenerRole#SMTP}) listener waits before its greeting; a client
 *                that talks in that time is refused (a spam engine that does not wait for replies). Zero by
 *                default, as in Postfix's smtpd and Exim: the delay costs every honest sender that time and holds
 *                a connection slot, and without it an early talker cannot be told from a fast pipeliner. A few
 *                seconds (sendmail's greet_pause example is 5) is the usual value when wanted. Submission
 *                listeners never wait: their clients are our own users.
 */
public record TimeoutSettings(Duration command, Duration data, Duration greetingDelay) {

    public static final TimeoutSettings DEFAULTS = new TimeoutSettings(Duration.ofMinutes(5), Duration.ofMinutes(5));

    public TimeoutSettings {
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(greetingDelay, "greetingDelay");
        if (command.isNegative() || command.isZero() || data.isNegative() || data.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (greetingDelay.isNegative() || greetingDelay.compareTo(command) >= 0) {
            // RFC 5321 section 4.5.3.2.1: a client waits 5 minutes for the greeting; never near that.
            throw new IllegalArgumentException("the greeting delay must be zero or more and shorter than the"
                    + " command timeout");
        }
    }

    /** Without a greeting delay. */
    public TimeoutSettings(Duration command, Duration data) {
        this(command, data, Duration.ZERO);
    }

    /** The same timeouts with another greeting delay. */
    public TimeoutSettings withGreetingDelay(Duration delay) {
        return new TimeoutSettings(command, data, delay);
    }
}
