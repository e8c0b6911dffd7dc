package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.record.QueueRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The queue as it stands on disk, read while no daemon runs ({@code mta queue list} and {@code show} offline,
 * like Postfix's {@code postqueue -p} reading the queue directories): the segments are scanned as recovery
 * would, but nothing is created, moved, deleted or quarantined. Damaged frames are counted and skipped, a torn
 * tail is ignored, {@code incoming/} is not looked at (nothing there was ever acknowledged). The spool key is
 * read, never made.
 *
 * <p>Not for a spool a daemon is writing to: a frame being appended would look torn, and compaction may delete a
 * segment under it; the queue commands ask the running daemon instead.
 */
public final class SpoolSnapshot implements QueueReader {

    private final Path log;
    private final Storage storage;
    private final Index index = new Index();
    private final int damagedFrames;

    private SpoolSnapshot(Path log, Storage storage, List<IndexEntry> entries, int damagedFrames) {
        this.log = log;
        this.storage = storage;
        this.index.putAll(entries);
        this.damagedFrames = damagedFrames;
    }

    /**
     * Reads the spool in {@code directory} without changing it.
     *
     * @throws NoSuchFileException when {@code directory} holds no queue
     * @throws IOException         when the spool key or a segment cannot be read
     */
    public static SpoolSnapshot read(Path directory) throws IOException {
        return read(directory, Storage.system());
    }

    static SpoolSnapshot read(Path directory, Storage storage) throws IOException {
        Path log = directory.resolve("log");
        if (!Files.isDirectory(log, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(directory.toString(), null, "no queue here (no log/ directory)");
        }
        TreeSet<Long> numbers = segments(log);
        Optional<SpoolKey> key = SpoolKey.readIfPresent(directory, storage);
        if (key.isEmpty()) {
            for (long n : numbers) {
                if (Files.size(log.resolve(SegmentName.of(n))) > 0) {
                    throw new IOException(directory.resolve(SpoolKey.FILE) + " is missing but log/ holds frames");
                }
            }
            return new SpoolSnapshot(log, storage, List.of(), 0);
        }
        AtomicInteger damaged = new AtomicInteger();
        List<IndexEntry> entries = new SegmentScan(storage, (segment, offset, length, reason) ->
                damaged.incrementAndGet()).scan(numbers, n -> log.resolve(SegmentName.of(n)), key.get());
        return new SpoolSnapshot(log, storage, entries, damaged.get());
    }

    /** How many damaged frames the scan skipped (the daemon moves them to {@code corrupt/} at its next start). */
    public int damagedFrames() {
        return damagedFrames;
    }

    @Override
    public List<QueueId> ids() {
        return index.ids();
    }

    @Override
    public int size() {
        return index.size();
    }

    @Override
    public List<QueueId> due(Instant now, int max) {
        return index.due(now, max);
    }

    @Override
    public OptionalLong messageSize(QueueId id) {
        return index.get(id).map(e -> OptionalLong.of(e.headerLength() + e.contentLength()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public Optional<QueueRecord> record(QueueId id) throws IOException {
        Optional<IndexEntry> entry = index.get(id);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        try (FileChannel ch = open(entry.get().recordSegment())) {
            return Optional.of(StoredRecords.read(ch, entry.get()));
        }
    }

    @Override
    public Optional<InputStream> openContent(QueueId id) throws IOException {
        Optional<IndexEntry> entry = index.get(id);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        IndexEntry e = entry.get();
        return Optional.of(new ChannelSliceInputStream(open(e.contentSegment()), e.storedOffset(),
                e.headerLength() + e.contentLength()));
    }

    private FileChannel open(long segment) throws IOException {
        return storage.open(log.resolve(SegmentName.of(segment)),
                Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    /** Segment numbers in {@code log/}; anything else there is left alone (the daemon quarantines it). */
    private static TreeSet<Long> segments(Path log) throws IOException {
        TreeSet<Long> numbers = new TreeSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(log)) {
            for (Path p : entries) {
                BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                OptionalLong n = SegmentName.parse(p.getFileName().toString());
                if (attrs.isRegularFile() && n.isPresent()) {
                    numbers.add(n.getAsLong());
                }
            }
        }
        return numbers;
    }
}
