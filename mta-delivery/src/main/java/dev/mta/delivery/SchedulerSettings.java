package dev.mta.delivery;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits and pace of the {@link DeliveryScheduler}.
 *
 * @param perDestination attempts at once to one destination domain (Postfix's
 *                       {@code default_destination_concurrency_limit} is 20)
 * @param total          attempts at once in all
 * @param batch          due messages read from the queue per round
 * @param pollInterval   how often the queue is asked what is due when nothing else wakes the scheduler
 * @param retryUnrecorded how long a message is held back when the outcome of its attempt could not be recorded
 *                        (a queue write failed): its recipients are still due, and retrying at once would spin
 */
public record SchedulerSettings(int perDestination, int total, int batch, Duration pollInterval,
                                Duration retryUnrecorded) {

    /** 20 per destination, 100 in all, 1000 per round, a round each second, 5 minutes' hold after a failed write. */
    public static final SchedulerSettings DEFAULTS = new SchedulerSettings(20, 100, 1000, Duration.ofSeconds(1),
            Duration.ofMinutes(5));

    public SchedulerSettings {
        if (perDestination < 1 || total < 1 || batch < 1) {
            throw new IllegalArgumentException("limits must be positive: " + perDestination + ", " + total + ", "
                    + batch);
        }
        Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + pollInterval);
        }
        Objects.requireNonNull(retryUnrecorded, "retryUnrecorded");
        if (retryUnrecorded.isNegative() || retryUnrecorded.isZero()) {
            throw new IllegalArgumentException("hold time must be positive: " + retryUnrecorded);
        }
    }
}
