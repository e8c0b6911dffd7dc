package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.QueueIdGenerator;
import dev.mta.queue.record.CorruptRecordException;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
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
     * Scans {@code numbers} in order and returns the live entries they hold. A message frame for an id
     * already seen replaces it: compaction re-appends live messages at the head, and a crash before the old
     * segment was deleted leaves both copies; the newer one carries the latest record.
     */
    List<IndexEntry> scan(TreeSet<Long> numbers, SegmentLog segmentLog, SpoolKey key) throws IOException {
        Map<QueueId, IndexEntry> live = new LinkedHashMap<>();
        for (long number : numbers) {
            scanSegment(number, segmentLog.segmentPath(number), key, live);
        }
        return new ArrayList<>(live.values());
    }

    private void scanSegment(long number, Path path, SpoolKey key, Map<QueueId, IndexEntry> live)
            throws IOException {
        try (FileChannel ch = storage.open(path, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            SegmentReader reader = new SegmentReader(ch, number, key);
            long offset = 0;
            while (offset < reader.size()) {
                SegmentReader.Result result = reader.readAt(offset);
                if (result instanceof SegmentReader.Valid v) {
                    apply(v, number, path, live);
                    offset = v.next();
                    continue;
                }
                String reason = ((SegmentReader.Invalid) result).reason();
                long resume = nextValid(reader, offset);
                if (resume < 0) {
                    // Nothing valid follows: a frame cut off by a crash before its sync, never acknowledged.
                    LOG.info("{}: discarding {} bytes of torn tail at offset {} ({})", path.getFileName(),
                            reader.size() - offset, offset, reason);
                    return;
                }
                quarantine.copy(path, offset, resume - offset, "damaged frame: " + reason);
                offset = resume;
            }
        }
    }

    private static long nextValid(SegmentReader reader, long offset) throws IOException {
        long from = offset + 1;
        while (true) {
            long candidate = reader.nextMarker(from - 1);
            if (candidate < 0) {
                return -1;
            }
            if (candidate > offset && reader.readAt(candidate) instanceof SegmentReader.Valid) {
                return candidate;
            }
            from = candidate + 1;
        }
    }

    private void apply(SegmentReader.Valid v, long number, Path path, Map<QueueId, IndexEntry> live)
            throws IOException {
        Frame f = v.frame();
        if (f.kind() == Frame.Kind.REMOVE) {
            live.remove(f.id());
            return;
        }
        QueueRecord record;
        try {
            record = RecordCodec.decode(v.record());
            if (!record.id().equals(f.id())) {
                throw new CorruptRecordException("record id " + record.id() + " in a frame for " + f.id());
            }
        } catch (CorruptRecordException e) {
            quarantine.copy(path, v.offset(), v.next() - v.offset(), f.id() + ": bad record: " + e.reason());
            return;
        }
        if (f.kind() == Frame.Kind.MESSAGE) {
            live.put(f.id(), new IndexEntry(f.id(), number, v.payloadOffset() + f.recordLength(), f.headerLength(),
                    f.contentLength(), number, v.payloadOffset(), f.recordLength(), record.dueAt()));
        } else {
            IndexEntry old = live.get(f.id());
            if (old != null) {
                live.put(f.id(), old.withRecord(number, v.payloadOffset(), f.recordLength(), record.dueAt()));
            }
        }
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
