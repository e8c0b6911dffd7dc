package dev.mta.queue;

import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.SinkUnavailableException;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;
import dev.mta.queue.record.RecipientStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueStoreTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aCommittedMessageIsThereAfterReopening() throws Exception {
        QueueId id;
        try (QueueStore store = Spools.openRecovered(dir)) {
            id = Spools.store(store, TestEnvelopes.hostile(), "DKIM-Signature: v=1\r\n", Spools.content(1));
            assertEquals(List.of(id), store.ids());
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(List.of(id), store.ids());
            assertEquals("DKIM-Signature: v=1\r\n" + Spools.content(1), Spools.read(store, id));
            QueueRecord record = store.record(id).orElseThrow();
            assertEquals(QueueRecord.accepted(id, TestEnvelopes.hostile()), record);
            assertEquals(List.of(id), store.due(TestEnvelopes.ARRIVAL, 10));
            assertEquals(List.of(), store.due(TestEnvelopes.ARRIVAL.minusMillis(1), 10));
        }
    }

    @Test
    void anEmptyMessageWithoutHeaderRoundTrips() throws Exception {
        try (QueueStore store = Spools.openRecovered(dir)) {
            QueueId id = Spools.store(store, TestEnvelopes.simple(), "", "");
            assertEquals("", Spools.read(store, id));
        }
    }

    @Test
    void abortLeavesNothingBehind() throws Exception {
        try (QueueStore store = Spools.openRecovered(dir)) {
            MessageWriter w = store.open(TestEnvelopes.simple());
            w.write(Unpooled.copiedBuffer("half a message", StandardCharsets.US_ASCII)).toCompletableFuture()
                    .get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(Files.exists(dir.resolve("incoming").resolve(w.id().value())));
            w.abort();
            w.abort();
            assertEquals(0, store.size());
            ByteBuf late = Unpooled.copiedBuffer("late", StandardCharsets.US_ASCII);
            assertThrows(ExecutionException.class, () -> w.write(late).toCompletableFuture().get());
            assertEquals(0, late.refCnt(), "a write after abort still releases its buffer");
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(0, store.size());
            try (Stream<Path> incoming = Files.list(dir.resolve("incoming"))) {
                assertEquals(0, incoming.count());
            }
        }
    }

    @Test
    void concurrentWritersAllLandIntact() throws Exception {
        int writers = 16;
        int each = 25;
        Map<QueueId, String> stored = new ConcurrentHashMap<>();
        try (QueueStore store = Spools.openRecovered(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        String content = Spools.content(writer * 1000 + i);
                        stored.put(Spools.store(store, TestEnvelopes.simple(), "", content), content);
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals(writers * each, store.size());
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(writers * each, store.size());
            for (Map.Entry<QueueId, String> e : stored.entrySet()) {
                assertEquals(e.getValue(), Spools.read(store, e.getKey()));
            }
            // 64 KiB segments: the messages span several, so rolling over was exercised.
            try (Stream<Path> segments = Files.list(dir.resolve("log"))) {
                assertTrue(segments.count() > 3);
            }
        }
    }

    @Test
    void recipientStatesAreDurableAndTheMessageLeavesWhenNoneIsOpen() throws Exception {
        QueueId id;
        try (QueueStore store = Spools.openRecovered(dir)) {
            id = Spools.store(store, TestEnvelopes.simple("bob", "carol"), "", Spools.content(2));
            store.updateRecipient(id, 0, RecipientState.delivered(1, T, "250 2.0.0 ok")).toCompletableFuture().get();
            QueueRecord r = store.updateRecipient(id, 1,
                    RecipientState.deferred(1, T, T.plusSeconds(300), "451 4.3.0 try\r\nlater\0"))
                    .toCompletableFuture().get();
            assertEquals(RecipientStatus.DEFERRED, r.states().get(1).status());
            assertEquals(List.of(), store.due(T.plusSeconds(299), 10));
            assertEquals(List.of(id), store.due(T.plusSeconds(300), 10));
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            QueueRecord r = store.record(id).orElseThrow();
            assertEquals(RecipientStatus.DELIVERED, r.states().get(0).status());
            assertEquals("451 4.3.0 try\r\nlater\0", r.states().get(1).lastReply().orElseThrow());
            assertEquals(List.of(id), store.due(T.plusSeconds(300), 10));
            store.updateRecipient(id, 1, RecipientState.failed(2, T, "550 5.1.1 no")).toCompletableFuture().get();
            assertEquals(0, store.size());
            assertTrue(store.record(id).isEmpty());
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(0, store.size(), "the removal survives a restart");
            ExecutionException e = assertThrows(ExecutionException.class, () -> store.updateRecipient(id, 0,
                    RecipientState.PENDING).toCompletableFuture().get());
            assertTrue(e.getCause() instanceof java.util.NoSuchElementException, e.toString());
        }
    }

    @Test
    void finishedSegmentsAreDeleted() throws Exception {
        try (QueueStore store = Spools.openRecovered(dir)) {
            List<QueueId> ids = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ids.add(Spools.store(store, TestEnvelopes.simple(), "", Spools.content(i)));
            }
            for (QueueId id : ids) {
                store.updateRecipient(id, 0, RecipientState.delivered(1, T, "250 ok")).toCompletableFuture().get();
            }
            // One more commit lets the committer run its deletion pass after the last removal.
            Spools.store(store, TestEnvelopes.simple(), "", "x");
            try (Stream<Path> segments = Files.list(dir.resolve("log"))) {
                assertEquals(1, segments.count(), "only the current segment is left");
            }
        }
    }

    @Test
    void aDiskBelowTheReserveRefusesNewMail() throws Exception {
        QueueSettings full = new QueueSettings(dir).withStorage(Long.MAX_VALUE, 64 * 1024, Duration.ofSeconds(1));
        try (QueueStore store = QueueStore.open(full, Clock.systemUTC())) {
            assertFalse(store.hasRoomFor(1000));
            assertThrows(SinkUnavailableException.class, () -> store.open(TestEnvelopes.simple()));
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertTrue(store.hasRoomFor(1000));
            assertFalse(store.hasRoomFor(Long.MAX_VALUE));
        }
    }
}
