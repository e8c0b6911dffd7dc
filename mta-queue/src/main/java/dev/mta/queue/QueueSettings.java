package dev.mta.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the queue is configured.
 *
 * @param directory    the spool directory
 * @param lifetime     how long a message may stay undelivered before it bounces (Postfix's
 *                     {@code maximal_queue_lifetime})
 * @param delayWarning after how long the sender gets one notice that the message is still queued (RFC 3464
 *                     "delayed"); shorter than the lifetime
 */
public record QueueSettings(Path directory, Duration lifetime, Duration delayWarning) {

    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(5);
    public static final Duration DEFAULT_DELAY_WARNING = Duration.ofHours(4);

    public QueueSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(delayWarning, "delayWarning");
        if (lifetime.isNegative() || lifetime.isZero() || delayWarning.isNegative() || delayWarning.isZero()) {
            throw new IllegalArgumentException("lifetime and delay warning must be positive");
        }
        if (delayWarning.compareTo(lifetime) >= 0) {
            throw new IllegalArgumentException(
                    "delay warning " + delayWarning + " not shorter than lifetime " + lifetime);
        }
    }

    /** The directory, with the default lifetime (5 days) and delay warning (4 hours). */
    public QueueSettings(Path directory) {
        this(directory, DEFAULT_LIFETIME, DEFAULT_DELAY_WARNING);
    }
}
