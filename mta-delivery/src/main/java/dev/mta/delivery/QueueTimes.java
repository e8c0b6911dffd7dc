package dev.mta.delivery;

import dev.mta.queue.QueueSettings;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How long mail may wait (Postfix's {@code maximal_queue_lifetime} and {@code delay_warning_time}).
 *
 * @param lifetime     after this, a recipient that fails temporarily fails for good (5.4.7) and is bounced
 * @param delayWarning after this, the sender is told once that delivery is taking long; empty for never
 */
public record QueueTimes(Duration lifetime, Optional<Duration> delayWarning) {

    public QueueTimes {
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(delayWarning, "delayWarning");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("lifetime must be positive: " + lifetime);
        }
    }

    /** The queue's lifetime and delay warning (5 days and 4 hours by default). */
    public static QueueTimes of(QueueSettings settings) {
        return new QueueTimes(settings.lifetime(), Optional.of(settings.delayWarning()));
    }
}
