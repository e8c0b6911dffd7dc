package dev.mta.queue;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.QueueIdGenerator;
import dev.mta.core.sink.SinkUnavailableException;
import dev.mta.queue.record.CorruptRecordException;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;
import dev.mta.queue.record.RecordCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * The persistent queue: implements {@link MessageSink} over an append-only segment log with group commit
 * (ADR 0002), reads entries back ({@link QueueReader}) and records per-recipient state.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #open} returns at once; the incoming file is created on the queue's own I/O executor. No
 *       method of the sink or the writer blocks its caller.</li>
 *   <li>A commit completes only after the message frame (envelope record, stored header, content) is covered
 *       by a completed {@code fdatasync} of its segment (DESIGN.md invariant 1); a failure completes it
 *       exceptionally and leaves nothing that a restart would take for a message.</li>
 *   <li>A recipient state change is durable before {@link #updateRecipient} completes; the message leaves the
 *       queue with the change that leaves no recipient pending or deferred (invariant 4).</li>
 *   <li>At open, half-written entries are discarded and stray files quarantined at once; the old segments
 *       are scanned in the background ({@link #recovered()}), while new mail is already accepted.</li>
 *   <li>{@link #hold}, {@link #release} and {@link #delete} are durable before they complete; a held message
 *       is never returned by {@link #due}.</li>
 *   <li>Old segments are deleted, or compacted first when only a few live messages pin them (ADR 0002), by
 *       the committer between batches; no caller waits for it.</li>
 * </ul>
 *
 * <p>Layout under the spool directory: {@code spool.key} the secret that tags every frame ({@link SpoolKey}),
 * {@code incoming/<id>} while a message streams in, {@code log/*.seg} the segments, {@code corrupt/} what
 * could not be trusted, each item with a {@code .reason} file.
 */
public final class QueueStore implements MessageSink, QueueReader, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QueueStore.class);

    private final QueueSettings settings;
    private final Storage storage;
    private final QueueIdGenerator ids;
    private final Path incoming;
    private final Path logDir;
    private final Index index = new Index();
    private final ScheduledExecutorService io;
    private final SegmentLog log;
    private final CompletableFuture<Void> recovered = new CompletableFuture<>();
    private volatile long usableSpace;
    private volatile boolean closed;

    private QueueStore(QueueSettings settings, Clock clock, Storage storage) throws IOException {
        this.settings = settings;
        this.storage = storage;
        this.ids = new QueueIdGenerator(clock);
        Path root = settings.directory();
        this.incoming = directory(root.resolve("incoming"));
        this.logDir = directory(root.resolve("log"));
        Path corrupt = directory(root.resolve("corrupt"));
        Quarantine quarantine = new Quarantine(corrupt, storage);
        Recovery recovery = new Recovery(incoming, logDir, storage, quarantine);
        recovery.clearIncoming();
        TreeSet<Long> old = recovery.segments();
        SpoolKey key = SpoolKey.loadOrCreate(root, storage, anyFrames(old));
        this.usableSpace = Files.getFileStore(root).getUsableSpace();
        AtomicInteger threads = new AtomicInteger();
        this.io = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "mta-queue-io-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.log = new SegmentLog(logDir, storage, settings.segmentSize(), settings.compactionRatio(), index, key, old.isEmpty() ? 1 : old.last() + 1);
        log.start();
        long every = settings.freeSpaceInterval().toMillis();
        io.scheduleWithFixedDelay(this::refreshFreeSpace, every, every, TimeUnit.MILLISECONDS);
        io.execute(() -> {
            try {
                List<IndexEntry> entries = recovery.scan(old, log, key);
                // Published in one step once every segment is read, so no stale state is ever acted on.
                index.putAll(entries);
                log.adopt(old);
                LOG.info("queue recovered: {} messages in {} segments", entries.size(), old.size());
                recovered.complete(null);
            } catch (IOException | RuntimeException e) {
                LOG.error("queue recovery failed: {}", e.toString());
                recovered.completeExceptionally(e);
            }
        });
    }

    /** Opens the queue in {@code settings.directory()}, creating it if needed, on the real file system. */
    public static QueueStore open(QueueSettings settings, Clock clock) throws IOException {
        return open(settings, clock, Storage.system());
    }

    /** Opens the queue with files opened through {@code storage} (tests inject faults here). */
    public static QueueStore open(QueueSettings settings, Clock clock, Storage storage) throws IOException {
        return new QueueStore(settings, clock, storage);
    }

    /**
     * Completes after the committer's next maintenance pass (segment deletion and compaction) that follows
     * everything handed to it so far: for tests that look at the disk.
     */
    CompletionStage<Void> maintained() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        log.maintained().whenComplete((v, t) -> complete(done, null, t));
        return done;
    }

    /** Completes when the background scan of the segments found at start has rebuilt the index. */
    public CompletionStage<Void> recovered() {
        return recovered;
    }

    @Override
    public MessageWriter open(Envelope envelope) throws SinkUnavailableException {
        if (closed) {
            throw new SinkUnavailableException("the queue is closed");
        }
        if (!hasRoomFor(0)) {
            throw new SinkUnavailableException("the queue's file system is below its free-space reserve");
        }
        QueueId id = ids.next();
        return new SpoolWriter(id, envelope, incoming.resolve(id.value()), io, storage, this);
    }

    @Override
    public boolean hasRoomFor(long expectedSize) {
        return usableSpace - Math.max(0, expectedSize) >= settings.freeSpaceReserve();
    }

    private void refreshFreeSpace() {
        try {
            usableSpace = Files.getFileStore(settings.directory()).getUsableSpace();
        } catch (IOException e) {
            LOG.warn("cannot read free space of {}: {}", settings.directory(), e.toString());
        }
    }

    /** Called by the writer once its content is written: appends the message frame with group commit. */
    CompletableFuture<Void> commit(QueueId id, Envelope envelope, byte[] header, FileChannel content, long length) {
        QueueRecord record = QueueRecord.accepted(id, envelope);
        byte[] bytes = RecordCodec.encode(record);
        CompletableFuture<Void> done = new CompletableFuture<>();
        log.submit(new LogJob() {
            private IndexEntry entry;

            @Override
            public void append(SegmentLog.Appender appender) throws IOException {
                SegmentLog.Written w = appender.append(Frame.Kind.MESSAGE, id, bytes, header, content, 0, length);
                entry = new IndexEntry(id, w.segment(), w.payloadOffset() + bytes.length, header.length, length,
                        w.segment(), w.payloadOffset(), bytes.length, record.dueAt());
                appender.stage(id, Optional.of(entry));
            }

            @Override
            public void succeeded() {
                index.put(entry);
                LOG.info("{}: from={}, size={}, nrcpt={}", id, Quarantine.printable(envelope.sender().toString()),
                        header.length + length, envelope.recipients().size());
                complete(done, null, null);
            }

            @Override
            public void failed(Throwable cause) {
                complete(done, null, cause);
            }
        });
        return done;
    }

    /**
     * Records the outcome for recipient {@code recipient} (its index in the envelope) durably; when no
     * recipient is left pending or deferred the message is removed. Completes with the new record.
     */
    public CompletionStage<QueueRecord> updateRecipient(QueueId id, int recipient, RecipientState state) {
        return update(id, r -> r.withState(recipient, state));
    }

    /** Applies {@code change} to the latest record of {@code id} and stores the result durably. */
    public CompletionStage<QueueRecord> update(QueueId id, UnaryOperator<QueueRecord> change) {
        CompletableFuture<QueueRecord> done = new CompletableFuture<>();
        log.submit(new LogJob() {
            private QueueRecord updated;
            private Optional<IndexEntry> entry;

            @Override
            public void append(SegmentLog.Appender appender) throws IOException {
                IndexEntry current = appender.lookup(id)
                        .orElseThrow(() -> new java.util.NoSuchElementException(id + " is not queued"));
                QueueRecord before;
                try {
                    before = RecordCodec.decode(appender.read(current.recordSegment(), current.recordOffset(),
                            current.recordLength()));
                } catch (CorruptRecordException e) {
                    throw new IllegalStateException(id + ": stored record unreadable: " + e.reason(), e);
                }
                updated = change.apply(before);
                if (!updated.id().equals(id)) {
                    throw new IllegalArgumentException("an update cannot change the queue id");
                }
                if (updated.isFinished()) {
                    appender.append(Frame.Kind.REMOVE, id, new byte[0], new byte[0], null, 0, 0);
                    entry = Optional.empty();
                } else {
                    byte[] bytes = RecordCodec.encode(updated);
                    SegmentLog.Written w = appender.append(Frame.Kind.STATE, id, bytes, new byte[0], null, 0, 0);
                    entry = Optional.of(current.withRecord(w.segment(), w.payloadOffset(), bytes.length,
                            updated.dueAt()));
                }
                appender.stage(id, entry);
            }

            @Override
            public void succeeded() {
                if (entry.isPresent()) {
                    index.put(entry.get());
                } else {
                    index.remove(id);
                    LOG.info("{}: removed", id);
                }
                complete(done, updated, null);
            }

            @Override
            public void failed(Throwable cause) {
                complete(done, null, cause);
            }
        });
        return done;
    }

    /**
     * Suspends delivery of {@code id} (Postfix {@code postsuper -h}): a state frame with {@code held: yes},
     * durable before the stage completes; from then on {@link #due} never returns it, across restarts too,
     * until {@link #release}. Recipient states are untouched. Fails with {@link java.util.NoSuchElementException}
     * when {@code id} is not queued.
     */
    public CompletionStage<QueueRecord> hold(QueueId id) {
        return logged(update(id, r -> r.withHeld(true)), id, "held");
    }

    /**
     * Ends a {@link #hold}: the message is due again when its recipient states say so (at once when one is
     * pending, at the next attempt of a deferred one).
     */
    public CompletionStage<QueueRecord> release(QueueId id) {
        return logged(update(id, r -> r.withHeld(false)), id, "released");
    }

    /**
     * Makes every deferred recipient of {@code id} due at {@code now} (Postfix {@code postqueue -i}); durable
     * before the stage completes. The caller wakes the delivery scheduler. A held message stays held.
     */
    public CompletionStage<QueueRecord> flush(QueueId id, Instant now) {
        return logged(update(id, r -> r.withDeferredDueBy(now)), id, "flushed");
    }

    /**
     * Removes {@code id} from the queue without delivering it or notifying anyone (Postfix
     * {@code postsuper -d}): a remove frame, durable before the stage completes. Fails with
     * {@link java.util.NoSuchElementException} when {@code id} is not queued.
     */
    public CompletionStage<Void> delete(QueueId id) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        log.submit(new LogJob() {
            @Override
            public void append(SegmentLog.Appender appender) throws IOException {
                appender.lookup(id).orElseThrow(() -> new java.util.NoSuchElementException(id + " is not queued"));
                appender.append(Frame.Kind.REMOVE, id, new byte[0], new byte[0], null, 0, 0);
                appender.stage(id, Optional.empty());
            }

            @Override
            public void succeeded() {
                index.remove(id);
                LOG.info("{}: removed by the operator", id);
                complete(done, null, null);
            }

            @Override
            public void failed(Throwable cause) {
                complete(done, null, cause);
            }
        });
        return done;
    }

    private static CompletionStage<QueueRecord> logged(CompletionStage<QueueRecord> stage, QueueId id, String what) {
        return stage.whenComplete((r, failure) -> {
            if (failure == null) {
                LOG.info("{}: {}", id, what);
            }
        });
    }

    private <T> void complete(CompletableFuture<T> future, T value, Throwable failure) {
        // Callers' continuations must not run on the committer thread.
        Runnable task = () -> {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(value);
            }
        };
        try {
            io.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            task.run();
        }
    }

    @Override
    public List<QueueId> ids() {
        return index.ids();
    }

    @Override
    public int size() {
        return index.size();
    }

    /**
     * How many queued messages are held ({@code mta queue hold}), from memory and without I/O: cheap enough for
     * a metrics scrape. Recipient states are not in memory (only ids and due times are), so a count by
     * recipient state would read every record and is not offered.
     */
    public int heldMessages() {
        return index.held();
    }

    @Override
    public List<QueueId> due(Instant now, int max) {
        return index.due(now, max);
    }

    @Override
    public Optional<QueueRecord> record(QueueId id) throws IOException {
        return readEntry(id, e -> {
            try (FileChannel ch = openSegment(e.recordSegment())) {
                return StoredRecords.read(ch, e);
            }
        });
    }

    @Override
    public OptionalLong messageSize(QueueId id) {
        return index.get(id).map(e -> OptionalLong.of(e.headerLength() + e.contentLength()))
                .orElse(OptionalLong.empty());
    }

    @Override
    public Optional<InputStream> openContent(QueueId id) throws IOException {
        // An open channel keeps reading the file even if compaction deletes it meanwhile (POSIX unlink).
        return readEntry(id, e -> new ChannelSliceInputStream(openSegment(e.contentSegment()), e.storedOffset(),
                e.headerLength() + e.contentLength()));
    }

    /** Reads what an index entry points to. */
    @FunctionalInterface
    private interface EntryRead<T> {
        T read(IndexEntry entry) throws IOException;
    }

    /**
     * Reads through the current index entry of {@code id}. Compaction may move a message and delete its old
     * segment between the index lookup and the open; then the entry has changed and the read is tried again
     * at the new place. A segment missing under an unchanged entry means the message is gone.
     */
    private <T> Optional<T> readEntry(QueueId id, EntryRead<T> read) throws IOException {
        IndexEntry tried = null;
        while (true) {
            Optional<IndexEntry> entry = index.get(id);
            if (entry.isEmpty() || entry.get().equals(tried)) {
                return Optional.empty();
            }
            tried = entry.get();
            try {
                return Optional.of(read.read(tried));
            } catch (NoSuchFileException moved) {
                // Looked up again above.
            }
        }
    }

    private FileChannel openSegment(long number) throws IOException {
        return storage.open(log.segmentPath(number), Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
    }

    void logCleanupFailure(QueueId id, IOException e) {
        LOG.warn("{}: could not delete incoming file: {}", id, e.toString());
    }

    /**
     * Stops taking mail, lets the committer finish what was handed to it, and stops the executors. Writers
     * still open fail; nothing unacknowledged is left as a message.
     */
    @Override
    public void close() {
        closed = true;
        log.close();
        io.shutdown();
        try {
            if (!io.awaitTermination(10, TimeUnit.SECONDS)) {
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            io.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Whether any of the segments holds bytes: empty ones (a start with no mail after it) hold no frame. */
    private boolean anyFrames(TreeSet<Long> segments) throws IOException {
        for (long n : segments) {
            if (Files.size(logDir.resolve(SegmentName.of(n))) > 0) {
                return true;
            }
        }
        return false;
    }

    private static Path directory(Path dir) throws IOException {
        if (Files.isSymbolicLink(dir)) {
            throw new IOException(dir + " is a symbolic link; the spool's directories must be real directories");
        }
        Files.createDirectories(dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(dir + " is not a directory");
        }
        return dir;
    }
}
