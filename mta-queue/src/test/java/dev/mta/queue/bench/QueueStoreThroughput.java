package dev.mta.queue.bench;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageWriter;
import dev.mta.queue.QueueSettings;
import dev.mta.queue.QueueStore;
import dev.mta.queue.TestEnvelopes;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Measures the queue itself, through the {@code MessageSink} port the SMTP server uses: 5 KB messages per second
 * made durable (each writer waits for its commit, as a session waits before its 250) with 1, 8, 32 and 128
 * concurrent writers. It shows the group commit at work: more writers share each sync. A main class, not a test:
 * the figures go to the README and are never asserted.
 *
 * <p>Run, from the repository root (the README's Performance section has the same lines):
 * <pre>
 * mvn -q -pl mta-queue -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp "mta-queue/target/test-classes:mta-queue/target/classes:$(cat /tmp/cp.txt)" \
 *     dev.mta.queue.bench.QueueStoreThroughput /var/tmp/queue-throughput 5
 * </pre>
 * The directory must be on the disk the spool will live on.
 */
public final class QueueStoreThroughput {

    private static final int[] WRITERS = {1, 8, 32, 128};

    private QueueStoreThroughput() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args.length > 0 ? args[0] : "target/queue-throughput");
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;
        byte[] content = message();
        Envelope envelope = TestEnvelopes.simple();
        System.out.printf(Locale.ROOT, "%-8s %12s%n", "writers", "msgs/s");
        for (int writers : WRITERS) {
            Path dir = base.resolve("writers-" + writers);
            deleteTree(dir);
            try (QueueStore store = QueueStore.open(new QueueSettings(dir).withStorage(0,
                    QueueSettings.DEFAULT_SEGMENT_SIZE, QueueSettings.DEFAULT_FREE_SPACE_INTERVAL), Clock.systemUTC())) {
                store.recovered().toCompletableFuture().get();
                System.out.printf(Locale.ROOT, "%-8d %12.0f%n", writers,
                        run(store, envelope, content, writers, seconds));
            }
            deleteTree(dir);
        }
    }

    private static double run(QueueStore store, Envelope envelope, byte[] content, int writers, long seconds)
            throws Exception {
        AtomicLong committed = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> running = new ArrayList<>();
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        for (int i = 0; i < writers; i++) {
            running.add(pool.submit(() -> {
                while (System.nanoTime() < deadline) {
                    MessageWriter writer = store.open(envelope);
                    writer.write(Unpooled.wrappedBuffer(content)).toCompletableFuture().get();
                    writer.commit().toCompletableFuture().get();
                    committed.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return committed.get() / elapsed;
    }

    private static byte[] message() {
        StringBuilder text = new StringBuilder("From: alice@example.com\r\nTo: bob@example.org\r\n"
                + "Subject: throughput\r\n\r\n");
        while (text.length() < 5 * 1024) {
            text.append("The quick brown fox jumps over the lazy dog, again and again.\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(p);
            }
        }
    }
}
