package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * The append-only segment log with group commit (ADR 0002). One committer thread takes every job that is
 * ready, appends their frames in order, makes one {@code force(false)} (fdatasync) for the batch, and only
 * then reports success, so throughput rises with concurrency while no job is acknowledged before its sync.
 *
 * <p>A failed write or sync fails every job not yet synced; the segment is truncated back to the last sync
 * point and abandoned, and the next batch starts a new segment. A failed sync is never retried into a success:
 * after an fsync error the page cache is in an unknown state (PostgreSQL's "fsyncgate").
 *
 * <p>Segments are deleted oldest first, once no live entry refers to them, and the directory is synced after
 * each deletion, so a remove frame in a newer segment never disappears before the older frames it cancels.
 * After every batch the committer runs one maintenance pass: it deletes what it can, and when the oldest
 * segment is still pinned by a few live messages it compacts it ({@link Compaction}): copies them to the head
 * through a batch of its own (same group commit, same sync), and deletes the old segment once the copies are
 * durable.
 */
final class SegmentLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path directory;
    private final Storage storage;
    private final long segmentSize;
    private final double compactionRatio;
    private final Index index;
    private final FrameMac mac;
    private final Thread thread;
    private final TreeSet<Long> segments = new TreeSet<>();
    private final ArrayDeque<LogJob> queue = new ArrayDeque<>();
    private final ByteBuffer copyBuffer = ByteBuffer.allocateDirect(COPY_BUFFER);
    /** Sizes of the segments not being written; the current one's size is {@link #position}. */
    private final Map<Long, Long> sizes = new HashMap<>();
    private final List<CompletableFuture<Void>> afterMaintenance = new ArrayList<>();
    private boolean closed;
    private boolean deletionAllowed;

    private long currentNumber;
    private FileChannel current;
    private long position;

    SegmentLog(Path directory, Storage storage, long segmentSize, double compactionRatio, Index index, SpoolKey key,
               long firstNumber) {
        this.directory = directory;
        this.storage = storage;
        this.segmentSize = segmentSize;
        this.compactionRatio = compactionRatio;
        this.index = index;
        this.mac = new FrameMac(key);
        this.currentNumber = firstNumber - 1;
        this.thread = new Thread(this::run, "mta-queue-committer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues a job; it fails at once when the log is closed. */
    void submit(LogJob job) {
        synchronized (queue) {
            if (closed) {
                job.failed(new IOException("the queue is closed"));
                return;
            }
            queue.add(job);
            queue.notifyAll();
        }
    }

    /** Old segments found at start; they are deleted once recovery has indexed them and nothing refers to them. */
    void adopt(Collection<Long> numbers) {
        submit(new LogJob() {
            @Override
            public void append(Appender appender) {
                for (long n : numbers) {
                    try {
                        sizes.put(n, Files.size(segmentPath(n)));
                    } catch (IOException e) {
                        // Unknown size: counted as a full segment, so it is compacted only when nearly empty.
                        sizes.put(n, segmentSize);
                    }
                }
                segments.addAll(numbers);
                deletionAllowed = true;
            }

            @Override
            public void succeeded() {
            }

            @Override
            public void failed(Throwable cause) {
            }
        });
    }

    Path segmentPath(long number) {
        return directory.resolve(SegmentName.of(number));
    }

    private void run() {
        while (true) {
            List<LogJob> batch = new ArrayList<>();
            synchronized (queue) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (queue.isEmpty()) {
                    break;
                }
                batch.addAll(queue);
                queue.clear();
            }
            runBatch(batch);
            maintain();
        }
        closeCurrent();
        afterMaintenance.forEach(f -> f.completeExceptionally(new IOException("the queue is closed")));
    }

    /**
     * Completes after the maintenance pass (deletion, compaction) that follows every job submitted before it;
     * fails when the log is closed first.
     */
    CompletableFuture<Void> maintained() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        submit(new LogJob() {
            @Override
            public void append(Appender appender) {
                afterMaintenance.add(done);
            }

            @Override
            public void succeeded() {
            }

            @Override
            public void failed(Throwable cause) {
                afterMaintenance.remove(done);
                done.completeExceptionally(cause);
            }
        });
        return done;
    }

    private void maintain() {
        deleteUnusedSegments();
        if (deletionAllowed && !segments.isEmpty()) {
            long oldest = segments.first();
            // Never the segment being written, nor one started during this pass: copies land there.
            if (oldest < currentNumber && index.isReferenced(oldest)
                    && index.liveBytes(oldest) <= compactionRatio * Math.max(sizeOf(oldest), segmentSize)) {
                List<Compaction> copies = index.referencing(oldest).stream()
                        .map(e -> new Compaction(e.id(), oldest)).toList();
                runBatch(new ArrayList<>(copies));
                long copied = copies.stream().filter(Compaction::done).count();
                LOG.info("compacted segment {}: {} of {} live messages copied to segment {}", SegmentName.of(oldest),
                        copied, copies.size(), SegmentName.of(currentNumber));
                deleteUnusedSegments();
            }
        }
        afterMaintenance.forEach(f -> f.complete(null));
        afterMaintenance.clear();
    }

    private long sizeOf(long number) {
        return number == currentNumber && current != null ? position : sizes.getOrDefault(number, segmentSize);
    }

    private void runBatch(List<LogJob> batch) {
        Appender appender = new Appender();
        List<LogJob> unsynced = new ArrayList<>();
        int next = 0;
        try {
            if (current == null) {
                openNewSegment();
            }
            appender.syncPoint = position;
            for (; next < batch.size(); next++) {
                LogJob job = batch.get(next);
                if (position >= segmentSize) {
                    // Close this segment: what is in it becomes durable now and is acknowledged.
                    current.force(false);
                    unsynced.forEach(LogJob::succeeded);
                    unsynced.clear();
                    appender.pending.clear();
                    openNewSegment();
                    appender.syncPoint = position;
                }
                try {
                    job.append(appender);
                    unsynced.add(job);
                } catch (IOException e) {
                    throw e;
                } catch (RuntimeException e) {
                    job.failed(e);
                }
            }
            if (position > appender.syncPoint) {
                current.force(false);
            }
            unsynced.forEach(LogJob::succeeded);
        } catch (IOException | RuntimeException e) {
            LOG.error("queue log write or sync failed in segment {}: {}; failing {} uncommitted operations",
                    SegmentName.of(currentNumber), e.toString(), unsynced.size() + batch.size() - next);
            unsynced.forEach(j -> j.failed(e));
            for (int i = next; i < batch.size(); i++) {
                batch.get(i).failed(e);
            }
            abandonCurrent(appender.syncPoint);
        }
    }

    private void openNewSegment() throws IOException {
        closeCurrent();
        long number = currentNumber + 1;
        Path path = segmentPath(number);
        current = storage.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        currentNumber = number;
        position = 0;
        segments.add(number);
        // The new name must be durable before any frame in it is acknowledged.
        storage.syncDirectory(directory);
    }

    private void abandonCurrent(long syncPoint) {
        if (current == null) {
            return;
        }
        try {
            // Remove what was written but never acknowledged, so a later start cannot resurrect it.
            current.truncate(syncPoint);
            current.force(false);
        } catch (IOException | RuntimeException e) {
            LOG.error("could not truncate abandoned segment {} to {}: {}", SegmentName.of(currentNumber), syncPoint,
                    e.toString());
        }
        // What compaction counts as this segment's size: only the synced part is meant to stay.
        position = syncPoint;
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
            sizes.put(currentNumber, position);
            try {
                current.close();
            } catch (IOException e) {
                LOG.warn("closing segment {}: {}", SegmentName.of(currentNumber), e.toString());
            }
            current = null;
        }
    }

    private void deleteUnusedSegments() {
        if (!deletionAllowed) {
            return;
        }
        while (!segments.isEmpty()) {
            long oldest = segments.first();
            if (oldest == currentNumber && current != null || index.isReferenced(oldest)) {
                return;
            }
            try {
                storage.delete(segmentPath(oldest));
                storage.syncDirectory(directory);
                segments.remove(oldest);
                sizes.remove(oldest);
            } catch (IOException e) {
                LOG.warn("could not delete segment {}: {}", SegmentName.of(oldest), e.toString());
                return;
            }
        }
    }

    /** Fails jobs submitted from now on, finishes those already queued, and waits for the committer. */
    @Override
    public void close() {
        synchronized (queue) {
            closed = true;
            queue.notifyAll();
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Copies one live message out of a segment being compacted: a message frame at the head with its latest
     * record, its stored header and its content, so the copy alone is the whole message. The index moves to
     * the copy only once it is synced; until then, and forever if the batch fails, the old frames stay in use
     * and the old segment stays on disk. If the process dies after the sync but before the old segment is
     * deleted, recovery finds both frames and keeps the newer (see {@link Recovery#scan}).
     */
    private final class Compaction implements LogJob {
        private final QueueId id;
        private final long from;
        private IndexEntry copy;
        private boolean done;

        Compaction(QueueId id, long from) {
            this.id = id;
            this.from = from;
        }

        boolean done() {
            return done;
        }

        @Override
        public void append(Appender appender) throws IOException {
            Optional<IndexEntry> found = appender.lookup(id);
            if (found.isEmpty() || found.get().contentSegment() != from && found.get().recordSegment() != from) {
                return;
            }
            IndexEntry e = found.get();
            byte[] record = appender.read(e.recordSegment(), e.recordOffset(), e.recordLength());
            byte[] header = appender.read(e.contentSegment(), e.storedOffset(), e.headerLength());
            try (FileChannel content = storage.open(segmentPath(e.contentSegment()), Set.of(StandardOpenOption.READ,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                Written w = appender.append(Frame.Kind.MESSAGE, id, record, header, content,
                        e.storedOffset() + e.headerLength(), e.contentLength());
                copy = new IndexEntry(id, w.segment(), w.payloadOffset() + record.length, e.headerLength(),
                        e.contentLength(), w.segment(), w.payloadOffset(), record.length, e.due());
            }
            appender.stage(id, Optional.of(copy));
        }

        @Override
        public void succeeded() {
            if (copy != null) {
                index.put(copy);
                done = true;
            }
        }

        @Override
        public void failed(Throwable cause) {
            LOG.warn("{}: not copied out of segment {}: {}; the segment is kept", id, SegmentName.of(from),
                    cause.toString());
        }
    }

    /** Where a frame was written. */
    record Written(long segment, long frameOffset, long payloadOffset) {
    }

    /** The committer's view for one batch: appends frames, and shows index changes not yet synced. */
    final class Appender {
        private long syncPoint;
        private final Map<QueueId, Optional<IndexEntry>> pending = new HashMap<>();

        /** The entry as it will be once this batch is synced: pending changes first, then the index. */
        Optional<IndexEntry> lookup(QueueId id) {
            Optional<IndexEntry> p = pending.get(id);
            return p != null ? p : index.get(id);
        }

        void stage(QueueId id, Optional<IndexEntry> entry) {
            pending.put(id, entry);
        }

        /** Reads bytes of a segment (for a state update, which starts from the latest record). */
        byte[] read(long segment, long offset, int length) throws IOException {
            ByteBuffer buf = ByteBuffer.allocate(length);
            try (FileChannel ch = storage.open(segmentPath(segment), Set.of(StandardOpenOption.READ,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
                long at = offset;
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, at);
                    if (n < 0) {
                        throw new IOException("segment " + SegmentName.of(segment) + " ends before " + at);
                    }
                    at += n;
                }
            }
            return buf.array();
        }

        /**
         * Appends one frame whose content is {@code contentLength} bytes of {@code content} from
         * {@code contentOffset}: the payload first (computing its tag on the way), then the frame line in front
         * of it, so the content is read only once.
         */
        Written append(Frame.Kind kind, QueueId id, byte[] record, byte[] header, FileChannel content,
                       long contentOffset, long contentLength) throws IOException {
            byte[] prefix = Frame.prefix(kind, id, record.length, header.length, contentLength);
            long frameOffset = position;
            long payloadOffset = frameOffset + prefix.length + Frame.tagFieldLength();
            mac.begin(currentNumber, frameOffset, prefix);
            long at = payloadOffset;
            mac.update(record);
            at = writeFully(ByteBuffer.wrap(record), at);
            mac.update(header);
            at = writeFully(ByteBuffer.wrap(header), at);
            long copied = 0;
            while (copied < contentLength) {
                copyBuffer.clear().limit((int) Math.min(COPY_BUFFER, contentLength - copied));
                while (copyBuffer.hasRemaining()) {
                    int n = content.read(copyBuffer, contentOffset + copied + copyBuffer.position());
                    if (n < 0) {
                        throw new IOException("content of " + id + " is shorter than " + contentLength + " bytes");
                    }
                }
                copyBuffer.flip();
                mac.update(copyBuffer.duplicate());
                copied += copyBuffer.remaining();
                at = writeFully(copyBuffer, at);
            }
            at = writeFully(ByteBuffer.wrap(new byte[] {'\n'}), at);
            ByteBuffer line = ByteBuffer.allocate(prefix.length + Frame.tagFieldLength());
            line.put(prefix).put(Frame.tagField(mac.finish())).flip();
            writeFully(line, frameOffset);
            position = at;
            return new Written(currentNumber, frameOffset, payloadOffset);
        }

        private long writeFully(ByteBuffer buf, long at) throws IOException {
            long p = at;
            while (buf.hasRemaining()) {
                p += current.write(buf, p);
            }
            return p;
        }
    }
}
