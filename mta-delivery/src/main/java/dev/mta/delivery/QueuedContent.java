package dev.mta.delivery;

import dev.mta.core.sink.QueueId;
import dev.mta.delivery.client.ContentSource;
import dev.mta.queue.QueueReader;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * A queued message as the client reads it: each {@link #open()} a new stream from the queue.
 *
 * <p>The queue does not tell the stored size, so {@link #of} counts it by reading the message once; that is
 * disk I/O, done on a delivery worker, never on an event loop.
 */
final class QueuedContent implements ContentSource {

    private final QueueReader queue;
    private final QueueId id;
    private final long size;

    private QueuedContent(QueueReader queue, QueueId id, long size) {
        this.queue = queue;
        this.id = id;
        this.size = size;
    }

    /** The content of {@code id}, or empty when the message is no longer queued. Blocking. */
    static Optional<QueuedContent> of(QueueReader queue, QueueId id) throws IOException {
        Optional<InputStream> stream = queue.openContent(id);
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        long size = 0;
        try (InputStream in = stream.get()) {
            byte[] block = new byte[16 * 1024];
            int n;
            while ((n = in.read(block)) > 0) {
                size += n;
            }
        }
        return Optional.of(new QueuedContent(queue, id, size));
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public InputStream open() throws IOException {
        return queue.openContent(id).orElseThrow(() -> new IOException(id + " is no longer queued"));
    }
}
