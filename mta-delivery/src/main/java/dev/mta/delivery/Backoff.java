package dev.mta.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The retry schedule (Postfix's {@code minimal_backoff_time}/{@code maximal_backoff_time}): after the first failed
 * attempt wait the first delay, after each later one twice as long, never longer than the cap. A little jitter
 * (up to a tenth) spreads the retries of messages that failed together, so a destination that comes back is not
 * hit by all of them in the same second.
 *
 * <p>A pure function of the attempt count, not of the clock: a clock that jumps (SECURITY.md R-05) cannot make a
 * delay longer than the cap. The jitter never makes the first retry earlier than the first delay, nor any delay
 * longer than the cap.
 *
 * @param settings the first delay and the cap
 */
public record Backoff(RetrySettings settings) {

    /** The largest share of a delay added or taken away as jitter. */
    private static final int JITTER_DIVISOR = 10;

    public Backoff {
        Objects.requireNonNull(settings, "settings");
    }

    /**
     * How long to wait after a failed attempt.
     *
     * @param attempts how many attempts were made, this one included (1 after the first)
     * @param random   the jitter source; tests pass one with a fixed seed
     */
    public Duration next(int attempts, RandomGenerator random) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts < 1: " + attempts);
        }
        long first = settings.firstDelay().toMillis();
        long cap = settings.maxDelay().toMillis();
        long base = first;
        for (int i = 1; i < attempts && base < cap; i++) {
            base = Math.min(cap, base * 2);
        }
        long jitter = base / JITTER_DIVISOR == 0 ? 0 : random.nextLong(base / JITTER_DIVISOR + 1);
        long delay = base + jitter;
        if (delay > cap) {
            // At the cap the jitter is taken away instead, so retries still spread out.
            delay = cap - jitter;
        }
        return Duration.ofMillis(Math.max(first, delay));
    }
}
