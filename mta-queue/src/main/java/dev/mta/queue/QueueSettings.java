package dev.mta.queue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the queue is configured.
 *
 * @param directory         the spool directory
 * @param lifetime          how long a message may stay undelivered before it bounces (Postfix's
 *                          {@code maximal_queue_lifetime})
 * @param delayWarning      after how long the sender gets one notice that the message is still queued (RFC 3464
 *                          "delayed"); shorter than the lifetime
 * @param freeSpaceReserve  bytes that must stay free on the spool's file system; below it the queue refuses
 *                          new mail (Postfix {@code queue_minfree})
 * @param segmentSize       a log segment is closed and a new one started once it reaches this size
 * @param freeSpaceInterval how often the free-space figure is refreshed
 * @param compactionRatio   the oldest segment is compacted (its live messages copied to the head of the log,
 *                          then the segment deleted) once the bytes its live messages still need are at most
 *                          this fraction of the segment size; 0 turns compaction off. The fraction bounds the
 *                          copying per segment, so it trades copy work against disk held by dead frames.
 */
public record QueueSettings(
        Path directory,
        Duration lifetime,
        Duration delayWarning,
        long freeSpaceReserve,
        long segmentSize,
        Duration freeSpaceInterval,
        double compactionRatio) {

    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(5);
    public static final Duration DEFAULT_DELAY_WARNING = Duration.ofHours(4);
    public static final long DEFAULT_RESERVE = 100L * 1024 * 1024;
    public static final long DEFAULT_SEGMENT_SIZE = 64L * 1024 * 1024;
    public static final Duration DEFAULT_FREE_SPACE_INTERVAL = Duration.ofSeconds(5);
    /** A quarter: at most 16 MiB copied per 64 MiB segment, at most four times the live data on disk. */
    public static final double DEFAULT_COMPACTION_RATIO = 0.25;

    public QueueSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(lifetime, "lifetime");
        Objects.requireNonNull(delayWarning, "delayWarning");
        Objects.requireNonNull(freeSpaceInterval, "freeSpaceInterval");
        if (lifetime.isNegative() || lifetime.isZero() || delayWarning.isNegative() || delayWarning.isZero()) {
            throw new IllegalArgumentException("lifetime and delay warning must be positive");
        }
        if (delayWarning.compareTo(lifetime) >= 0) {
            throw new IllegalArgumentException(
                    "delay warning " + delayWarning + " not shorter than lifetime " + lifetime);
        }
        if (freeSpaceReserve < 0) {
            throw new IllegalArgumentException("freeSpaceReserve < 0: " + freeSpaceReserve);
        }
        if (segmentSize < 4096) {
            throw new IllegalArgumentException("segmentSize < 4096: " + segmentSize);
        }
        if (freeSpaceInterval.isNegative() || freeSpaceInterval.isZero()) {
            throw new IllegalArgumentException("freeSpaceInterval must be positive: " + freeSpaceInterval);
        }
        if (!(compactionRatio >= 0 && compactionRatio <= 1)) {
            throw new IllegalArgumentException("compactionRatio must be between 0 and 1: " + compactionRatio);
        }
    }

    /** The storage parameters without the compaction ratio, which takes its default. */
    public QueueSettings(Path directory, Duration lifetime, Duration delayWarning, long freeSpaceReserve,
                         long segmentSize, Duration freeSpaceInterval) {
        this(directory, lifetime, delayWarning, freeSpaceReserve, segmentSize, freeSpaceInterval,
                DEFAULT_COMPACTION_RATIO);
    }

    /** The directory, lifetime and delay warning, with the storage defaults. */
    public QueueSettings(Path directory, Duration lifetime, Duration delayWarning) {
        this(directory, lifetime, delayWarning, DEFAULT_RESERVE, DEFAULT_SEGMENT_SIZE, DEFAULT_FREE_SPACE_INTERVAL);
    }

    /** The defaults for everything but the directory. */
    public QueueSettings(Path directory) {
        this(directory, DEFAULT_LIFETIME, DEFAULT_DELAY_WARNING);
    }

    /** A copy with other storage parameters. */
    public QueueSettings withStorage(long reserve, long segment, Duration interval) {
        return new QueueSettings(directory, lifetime, delayWarning, reserve, segment, interval, compactionRatio);
    }

    /** A copy with another compaction ratio (0 turns compaction off). */
    public QueueSettings withCompactionRatio(double ratio) {
        return new QueueSettings(directory, lifetime, delayWarning, freeSpaceReserve, segmentSize, freeSpaceInterval,
                ratio);
    }
}
