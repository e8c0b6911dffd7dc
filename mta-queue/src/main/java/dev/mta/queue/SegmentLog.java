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
 */
final class SegmentLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SegmentLog.class);
    private static final int COPY_BUFFER = 64 * 1024;

    private final Path directory;
    private final Storage storage;
    private final long segmentSize;
    private final Index index;
    private final FrameMac mac;
    private final Thread thread;
    private final TreeSet<Long> segments = new TreeSet<>();
    private final ArrayDeque<LogJob> queue = new ArrayDeque<>();
    private final ByteBuffer copyBuffer = ByteBuffer.allocateDirect(COPY_BUFFER);
    private boolean closed;
    private boolean deletionAllowed;

    private long currentNumber;
    private FileChannel current;
    private long position;

    SegmentLog(Path directory, Storage storage, long segmentSize, Index index, SpoolKey key, long firstNumber) {
        this.directory = directory;
        this.storage = storage;
        this.segmentSize = segmentSize;
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
            deleteUnusedSegments();
        }
        closeCurrent();
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
        closeCurrent();
    }

    private void closeCurrent() {
        if (current != null) {
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
                Files.deleteIfExists(segmentPath(oldest));
                storage.syncDirectory(directory);
                segments.remove(oldest);
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
