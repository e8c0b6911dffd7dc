package dev.mta.queue.bench;

import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.queue.LargeSpool;
import dev.mta.queue.QueueSettings;
import dev.mta.queue.QueueStore;
import dev.mta.queue.TestEnvelopes;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Restart with a large queue (SECURITY.md R-08, DESIGN.md "Start, stop, reload"), measured, never asserted. Two
 * steps, each in a JVM of its own so the restart runs cold, as a daemon's does:
 * <ol>
 *   <li>{@code fill DIR N}: a fresh spool with N messages of 5 KB, committed by 64 writers at once (group
 *       commit);</li>
 *   <li>{@code restart DIR}: opens the spool as the daemon does and prints how long until {@link QueueStore#open}
 *       returned, until a new message was durably accepted (the daemon is serving), until {@link
 *       QueueStore#recovered()} completed (every queued message scheduled), and the heap in use after a GC once
 *       the index is rebuilt.</li>
 * </ol>
 *
 * <p>Run, from the repository root (the README's Performance section has the figures):
 * <pre>
 * mvn -q -o -pl mta-queue -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * CP="mta-queue/target/test-classes:mta-queue/target/classes:$(cat /tmp/cp.txt)"
 * java -cp "$CP" dev.mta.queue.bench.QueueRestartMeasurement fill /var/tmp/mta-restart 100000
 * java -Xmx256m -cp "$CP" dev.mta.queue.bench.QueueRestartMeasurement restart /var/tmp/mta-restart
 * </pre>
 */
public final class QueueRestartMeasurement {

    private static final int WRITERS = 64;

    private QueueRestartMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2 || !(args[0].equals("fill") || args[0].equals("restart"))) {
            System.err.println("usage: fill DIR COUNT | restart DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[1]);
        if (args[0].equals("fill")) {
            fill(dir, args.length > 2 ? Integer.parseInt(args[2]) : 100_000);
        } else {
            restart(dir);
        }
    }

    private static QueueSettings settings(Path dir) {
        return new QueueSettings(dir).withStorage(0, QueueSettings.DEFAULT_SEGMENT_SIZE,
                QueueSettings.DEFAULT_FREE_SPACE_INTERVAL);
    }

    private static void fill(Path dir, int count) throws Exception {
        deleteTree(dir);
        long start = System.nanoTime();
        try (QueueStore store = QueueStore.open(settings(dir), Clock.systemUTC())) {
            store.recovered().toCompletableFuture().get();
            LargeSpool.fill(store, TestEnvelopes.simple(), count, WRITERS);
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "filled %d messages of %d bytes in %.1f s (%.0f msgs/s), %d writers%n",
                    store.size(), LargeSpool.CONTENT.length, seconds, store.size() / seconds, WRITERS);
        }
    }

    private static void restart(Path dir) throws Exception {
        Runtime rt = Runtime.getRuntime();
        // The daemon has its logging set up before the queue opens; so does this measurement.
        org.slf4j.LoggerFactory.getLogger(QueueRestartMeasurement.class).info("opening {}", dir);
        long start = System.nanoTime();
        try (QueueStore store = QueueStore.open(settings(dir), Clock.systemUTC())) {
            long opened = System.nanoTime();
            MessageWriter writer = store.open(TestEnvelopes.simple());
            writer.write(Unpooled.copiedBuffer("Subject: after restart\r\n\r\nhello\r\n", StandardCharsets.US_ASCII));
            QueueId first = writer.commit().toCompletableFuture().get(60, TimeUnit.SECONDS);
            long accepted = System.nanoTime();
            boolean scanStillRunning = !store.recovered().toCompletableFuture().isDone();
            store.recovered().toCompletableFuture().get();
            long recovered = System.nanoTime();
            System.gc();
            long heap = rt.totalMemory() - rt.freeMemory();
            System.out.printf(Locale.ROOT, "open returned:        %8.0f ms%n", (opened - start) / 1e6);
            System.out.printf(Locale.ROOT, "new message durable:  %8.0f ms (%s, scan still running: %s)%n",
                    (accepted - start) / 1e6, first, scanStillRunning);
            System.out.printf(Locale.ROOT, "recovered():          %8.0f ms, %d messages scheduled%n",
                    (recovered - start) / 1e6, store.size());
            System.out.printf(Locale.ROOT, "heap after recovery:  %8.1f MiB (max %d MiB)%n", heap / 1048576.0,
                    rt.maxMemory() / 1048576);
            // Leave the spool as it was for the next run.
            store.delete(first).toCompletableFuture().get(60, TimeUnit.SECONDS);
        }
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
