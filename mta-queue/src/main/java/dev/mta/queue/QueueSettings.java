package dev.mta.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the queue is configured.
 *
 * @param directory          the spool directory
 * @param freeSpaceReserve   bytes that must stay free on the spool's file system; below it the queue refuses
 *                           new mail (Postfix {@code queue_minfree})
 * @param segmentSize        a log segment is closed and a new one started once it reaches this size
 * @param freeSpaceInterval  how often the free-space figure is refreshed
 */
public record QueueSettings(Path directory, long freeSpaceReserve, long segmentSize, Duration freeSpaceInterval) {

    public static final long DEFAULT_RESERVE = 100L * 1024 * 1024;
    public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;

    public QueueSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(freeSpaceInterval, "freeSpaceInterval");
        if (freeSpaceReserve < 0) {
            throw new IllegalArgumentException("freeSpaceReserve < 0: " + freeSpaceReserve);
        }
        if (segmentSize < 4096) {
            throw new IllegalArgumentException("segmentSize < 4096: " + segmentSize);
        }
        if (freeSpaceInterval.isNegative() || freeSpaceInterval.isZero()) {
            throw new IllegalArgumentException("freeSpaceInterval must be positive: " + freeSpaceInterval);
        }
    }

    /** The defaults for everything but the directory. */
    public QueueSettings(Path directory) {
        this(directory, DEFAULT_RESERVE, DEFAULT_SEGMENT_SIZE, Duration.ofSeconds(5));
    }
}
