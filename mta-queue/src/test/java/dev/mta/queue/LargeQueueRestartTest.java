package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restart with a large queue (SECURITY.md R-08, DESIGN.md "Start, stop, reload"): {@link QueueStore#open} returns
 * and takes new mail while the scan of the old segments is still running, and the scan then finds every message.
 * Order and counts only, never a duration. {@code mvn verify} fills a few thousand messages; {@code -Psoak}
 * 100,000 ({@code mta.soak.restart.messages}).
 */
class LargeQueueRestartTest {

    private static final int MESSAGES = Integer.getInteger("mta.soak.restart.messages", 2_000);

    @TempDir
    Path dir;

    @Test
    void openAcceptsNewMailBeforeTheBackgroundScanOfALargeQueueEnds() throws Exception {
        QueueSettings settings = new QueueSettings(dir).withStorage(0, QueueSettings.DEFAULT_SEGMENT_SIZE,
                QueueSettings.DEFAULT_FREE_SPACE_INTERVAL);
        try (QueueStore store = QueueStore.open(settings, Clock.systemUTC())) {
            store.recovered().toCompletableFuture().get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
            LargeSpool.fill(store, TestEnvelopes.simple(), MESSAGES, 32);
            assertEquals(MESSAGES, store.size());
        }

        GatedReads gate = new GatedReads(dir.resolve("log"));
        try (QueueStore store = QueueStore.open(settings, Clock.systemUTC(), gate)) {
            assertTrue(gate.reached.await(Spools.WAIT_SECONDS, TimeUnit.SECONDS), "the scan runs in the background");
            assertFalse(store.recovered().toCompletableFuture().isDone());

            QueueId fresh = Spools.store(store, TestEnvelopes.simple(), "", "Subject: new\r\n\r\nwhile scanning\r\n");

            assertFalse(store.recovered().toCompletableFuture().isDone(), "accepted before the scan ended");
            assertEquals(1, store.size(), "only the new message is known yet");
            assertEquals(java.util.List.of(fresh), store.due(Instant.MAX, 10));

            gate.open.countDown();
            store.recovered().toCompletableFuture().get(Spools.WAIT_SECONDS * 10, TimeUnit.SECONDS);

            assertEquals(MESSAGES + 1, store.size());
            assertEquals(MESSAGES + 1, store.due(Instant.MAX, MESSAGES + 10).size());
            assertEquals("Subject: new\r\n\r\nwhile scanning\r\n", Spools.read(store, fresh));
        }
    }

    /** Holds every read-only open of a segment that existed before the store opened until {@link #open}. */
    private static final class GatedReads implements Storage {
        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        private final Set<Path> old;

        GatedReads(Path log) throws IOException {
            try (var segments = java.nio.file.Files.list(log)) {
                old = Set.copyOf(segments.toList());
            }
        }

        @Override
        public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
            if (old.contains(path) && !options.contains(StandardOpenOption.WRITE)) {
                reached.countDown();
                try {
                    if (!open.await(Spools.WAIT_SECONDS * 10, TimeUnit.SECONDS)) {
                        throw new IOException("the test never opened the gate");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted at the gate", e);
                }
            }
            return FileChannel.open(path, options);
        }
    }
}
