package dev.mta.queue;

import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY.md through a fault-injecting file channel: failures never become a 250. */
class FaultInjectionTest {

    @TempDir
    Path dir;

    private QueueStore open(FaultyStorage storage) throws Exception {
        QueueStore store = QueueStore.open(Spools.settings(dir), Clock.systemUTC(), storage);
        store.recovered().toCompletableFuture().get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
        return store;
    }

    @Test
    void aFailedContentWriteFailsTheCommitAndLeavesNothing() throws Exception {
        FaultyStorage storage = new FaultyStorage();
        try (QueueStore store = open(storage)) {
            MessageWriter w = store.open(TestEnvelopes.simple());
            w.write(Unpooled.copiedBuffer("a", StandardCharsets.US_ASCII)).toCompletableFuture().get();
            storage.failWrites.set(1);
            w.write(Unpooled.copiedBuffer("b", StandardCharsets.US_ASCII));
            assertThrows(ExecutionException.class, () -> w.commit().toCompletableFuture().get());
            assertEquals(0, store.size());
        }
        assertNothingQueued();
    }

    @Test
    void aFailedLogWriteFailsTheCommitAndTheNextOneSucceeds() throws Exception {
        FaultyStorage storage = new FaultyStorage();
        QueueId good;
        try (QueueStore store = open(storage)) {
            Spools.store(store, TestEnvelopes.simple(), "", "before\r\n");
            MessageWriter w = store.open(TestEnvelopes.simple());
            w.write(Unpooled.copiedBuffer(Spools.content(1), StandardCharsets.US_ASCII)).toCompletableFuture().get();
            storage.failWrites.set(1);
            ExecutionException e = assertThrows(ExecutionException.class, () -> w.commit().toCompletableFuture().get());
            assertTrue(e.getCause().getMessage().contains("injected write failure"), e.toString());
            good = Spools.store(store, TestEnvelopes.simple(), "", "after\r\n");
            assertEquals(2, store.size());
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(2, store.size());
            assertEquals("after\r\n", Spools.read(store, good));
        }
    }

    @Test
    void aFailedSyncIsNeverRetriedIntoASuccess() throws Exception {
        FaultyStorage storage = new FaultyStorage();
        QueueId failedId;
        QueueId good;
        try (QueueStore store = open(storage)) {
            Spools.store(store, TestEnvelopes.simple(), "", "before\r\n");
            storage.failSyncs.set(1);
            MessageWriter w = store.open(TestEnvelopes.simple());
            failedId = w.id();
            w.write(Unpooled.copiedBuffer(Spools.content(1), StandardCharsets.US_ASCII));
            ExecutionException e = assertThrows(ExecutionException.class, () -> w.commit().toCompletableFuture().get());
            assertTrue(e.getCause().getMessage().contains("injected sync failure"), e.toString());
            assertTrue(store.record(failedId).isEmpty());
            good = Spools.store(store, TestEnvelopes.simple(), "", "after\r\n");
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(2, store.size());
            assertTrue(store.record(failedId).isEmpty(), "the message whose sync failed is not resurrected");
            assertEquals("after\r\n", Spools.read(store, good));
        }
    }

    @Test
    void afterAPowerLossEveryAcknowledgedMessageIsThereAndNothingElseIsHalfPresent() throws Exception {
        FaultyStorage storage = new FaultyStorage();
        Map<QueueId, String> acknowledged = new ConcurrentHashMap<>();
        Map<QueueId, String> attempted = new ConcurrentHashMap<>();
        CountDownLatch enough = new CountDownLatch(150);
        QueueStore store = open(storage);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> writers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            writers.add(pool.submit(() -> {
                for (int i = 0; ; i++) {
                    String content = Spools.content(thread * 100_000 + i);
                    MessageWriter w;
                    try {
                        w = store.open(TestEnvelopes.simple());
                    } catch (Exception closed) {
                        return null;
                    }
                    attempted.put(w.id(), content);
                    w.write(Unpooled.copiedBuffer(content, StandardCharsets.UTF_8));
                    try {
                        w.commit().toCompletableFuture().get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
                        acknowledged.put(w.id(), content);
                        enough.countDown();
                    } catch (ExecutionException failed) {
                        return null;
                    }
                }
            }));
        }
        assertTrue(enough.await(60, TimeUnit.SECONDS));
        storage.crash();
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        store.close();
        storage.losePower();

        try (QueueStore after = Spools.openRecovered(dir)) {
            Set<QueueId> present = Set.copyOf(after.ids());
            assertTrue(present.containsAll(acknowledged.keySet()), "every acknowledged message survives");
            for (QueueId id : present) {
                assertTrue(attempted.containsKey(id), id + " was never written");
                assertEquals(attempted.get(id), Spools.read(after, id), id + " is intact");
            }
        }
    }

    private void assertNothingQueued() throws Exception {
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(0, store.size());
        }
        try (Stream<Path> incoming = Files.list(dir.resolve("incoming"))) {
            assertEquals(0, incoming.count());
        }
    }
}
