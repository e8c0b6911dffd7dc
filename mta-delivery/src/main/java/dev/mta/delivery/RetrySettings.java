package dev.mta.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * The retry schedule of a deferred recipient: the first retry after {@code firstDelay}, each later one after
 * twice the previous delay (with jitter), never more than {@code maxDelay} apart (Postfix's
 * {@code minimal_backoff_time} and {@code maximal_backoff_time}).
 *
 * @param firstDelay the delay before the first retry
 * @param maxDelay   the longest delay between two tries
 */
public record RetrySettings(Duration firstDelay, Duration maxDelay) {

    /** From 5 minutes, doubling, capped at 1 hour. */
    public static final RetrySettings DEFAULTS = new RetrySettings(Duration.ofMinutes(5), Duration.ofHours(1));

    public RetrySettings {
        Objects.requireNonNull(firstDelay, "firstDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (firstDelay.isNegative() || firstDelay.isZero()) {
            throw new IllegalArgumentException("first delay must be positive: " + firstDelay);
        }
        if (maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("max delay " + maxDelay + " shorter than first delay " + firstDelay);
        }
    }
}
