package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.record.CorruptRecordException;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongFunction;

/**
 * Reads log segments in order and rebuilds the live entries they hold, keeping per message only its locations and
 * due time (DESIGN.md "Start, stop, reload": bounded memory). It only reads: what it cannot trust goes to a
 * {@link DamagedFrames} handler, which quarantines at start ({@link Recovery}) and only counts for the offline
 * reader ({@link SpoolSnapshot}).
 */
final class SegmentScan {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentScan.class);

    /** What to do with bytes of a segment that are not a trustworthy frame. */
    @FunctionalInterface
    interface DamagedFrames {
        void found(Path segment, long offset, long length, String reason) throws IOException;
    }

    private final Storage storage;
    private final DamagedFrames damaged;

    SegmentScan(Storage storage, DamagedFrames damaged) {
        this.storage = storage;
        this.damaged = damaged;
    }

    /**
     * Scans {@code numbers} in order and returns the live entries they hold. A message frame for an id
     * already seen replaces it: compaction re-appends live messages at the head, and a crash before the old
     * segment was deleted leaves both copies; the newer one carries the latest record.
     */
    List<IndexEntry> scan(TreeSet<Long> numbers, LongFunction<Path> paths, SpoolKey key) throws IOException {
        Map<QueueId, IndexEntry> live = new LinkedHashMap<>();
        for (long number : numbers) {
            scanSegment(number, paths.apply(number), key, live);
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
                    // Nothing valid follows: a frame cut off by a crash before its sync, never acknowledged (or,
                    // read while the daemon runs, a frame still being written).
                    LOG.info("{}: discarding {} bytes of torn tail at offset {} ({})", path.getFileName(),
                            reader.size() - offset, offset, reason);
                    return;
                }
                damaged.found(path, offset, resume - offset, "damaged frame: " + reason);
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
            damaged.found(path, v.offset(), v.next() - v.offset(), f.id() + ": bad record: " + e.reason());
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
}
