package dev.mta.queue;

import dev.mta.core.sink.QueueIdGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * What happens at start (DESIGN.md "Start, stop, reload"): first, synchronously and quickly, half-written
 * entries in {@code incoming/} are discarded and anything in the spool that is not what the queue writes is
 * quarantined; then, in the background, the old segments are scanned in order and the index rebuilt, keeping
 * per message only its locations and due time. Links are never followed; no name read from the disk is ever
 * resolved outside the spool.
 */
final class Recovery {

    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    private final Path incoming;
    private final Path log;
    private final Storage storage;
    private final Quarantine quarantine;

    Recovery(Path incoming, Path log, Storage storage, Quarantine quarantine) {
        this.incoming = incoming;
        this.log = log;
        this.storage = storage;
        this.quarantine = quarantine;
    }

    /** Deletes every half-written entry; quarantines what is not a regular file named by a queue id. */
    void clearIncoming() throws IOException {
        int cleared = 0;
        for (Path p : list(incoming)) {
            String name = p.getFileName().toString();
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                quarantine.move(p, "not a regular file in incoming/ (" + kind(attrs) + ")");
            } else if (!QueueIdGenerator.isWellFormed(name)) {
                quarantine.move(p, "not a queue id in incoming/");
            } else {
                // Never acknowledged: the content only becomes part of the queue in a synced log frame.
                Files.delete(p);
                cleared++;
            }
        }
        if (cleared > 0) {
            LOG.info("discarded {} half-written entries from incoming/", cleared);
        }
    }

    /** The numbers of the segments in {@code log/}, in order; anything else there is quarantined. */
    TreeSet<Long> segments() throws IOException {
        TreeSet<Long> numbers = new TreeSet<>();
        for (Path p : list(log)) {
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            OptionalLong number = SegmentName.parse(p.getFileName().toString());
            if (!attrs.isRegularFile()) {
                quarantine.move(p, "not a regular file in log/ (" + kind(attrs) + ")");
            } else if (number.isEmpty()) {
                quarantine.move(p, "not a segment name in log/");
            } else {
                numbers.add(number.getAsLong());
            }
        }
        return numbers;
    }

    /**
     * Scans {@code numbers} in order and returns the live entries they hold; damaged frames are copied into
     * {@code corrupt/} with their reason.
     */
    List<IndexEntry> scan(TreeSet<Long> numbers, SegmentLog segmentLog, SpoolKey key) throws IOException {
        return new SegmentScan(storage, quarantine::copy).scan(numbers, segmentLog::segmentPath, key);
    }

    private static List<Path> list(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(out::add);
        }
        out.sort(null);
        return out;
    }

    private static String kind(BasicFileAttributes attrs) {
        return attrs.isSymbolicLink() ? "a symbolic link" : attrs.isDirectory() ? "a directory" : "a special file";
    }
}
