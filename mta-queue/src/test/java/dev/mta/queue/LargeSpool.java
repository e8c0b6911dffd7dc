package dev.mta.queue;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageWriter;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fills a queue quickly with many 5 KB messages: many writers at once, so the group commit shares each sync
 * among them (one writer alone would pay one fdatasync per message). For the restart test and its measurement.
 */
public final class LargeSpool {

    /** About 5 KB, as in bench W1 (SECURITY.md R-01). */
    public static final byte[] CONTENT = content();

    private LargeSpool() {
    }

    /** Commits {@code count} messages to {@code store} with {@code writers} concurrent writers; waits for all. */
    public static void fill(QueueStore store, Envelope envelope, int count, int writers) throws Exception {
        AtomicInteger left = new AtomicInteger(count);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                running.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        MessageWriter writer = store.open(envelope);
                        writer.write(Unpooled.wrappedBuffer(CONTENT)).toCompletableFuture().get();
                        writer.commit().toCompletableFuture().get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static byte[] content() {
        StringBuilder text = new StringBuilder("From: alice@example.com\r\nTo: bob@example.org\r\n"
                + "Subject: a large queue\r\n\r\n");
        while (text.length() < 5 * 1024) {
            text.append("The quick brown fox jumps over the lazy dog, again and again.\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
