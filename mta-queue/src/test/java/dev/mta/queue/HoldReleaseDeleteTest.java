package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator actions on the store: hold, release and delete are durable, and held messages are never due. */
class HoldReleaseDeleteTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private static final Instant LATER = T.plusSeconds(600);

    @TempDir
    Path dir;

    private static <V> V done(java.util.concurrent.CompletionStage<V> stage) throws Exception {
        return stage.toCompletableFuture().get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void aHeldMessageIsNeverDueAcrossRestartsUntilReleased() throws Exception {
        QueueId pending;
        QueueId deferred;
        try (QueueStore store = Spools.openRecovered(dir)) {
            pending = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(1));
            deferred = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(2));
            done(store.updateRecipient(deferred, 0, RecipientState.deferred(1, T, LATER, "451 4.4.1 later")));
            assertEquals(List.of(pending, deferred), store.due(LATER, 10));
            assertEquals(0, store.heldMessages());

            QueueRecord held = done(store.hold(pending));
            assertTrue(held.held());
            assertEquals(1, store.heldMessages());
            done(store.hold(deferred));
            assertEquals(2, store.heldMessages());
            assertEquals(List.of(), store.due(Instant.MAX, 10), "held messages are never due");
            assertEquals(List.of(pending, deferred), store.ids(), "held messages are still queued");
            assertEquals(Spools.content(1), Spools.read(store, pending));
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertTrue(store.record(pending).orElseThrow().held(), "the hold survives a restart");
            assertEquals(2, store.heldMessages(), "counted again from the records at recovery");
            assertEquals(List.of(), store.due(Instant.MAX, 10));
            QueueRecord released = done(store.release(deferred));
            assertFalse(released.held());
            assertEquals(QueueRecord.accepted(deferred, TestEnvelopes.simple())
                    .withState(0, RecipientState.deferred(1, T, LATER, "451 4.4.1 later")), released,
                    "release changes nothing but the hold");
            assertEquals(List.of(), store.due(LATER.minusMillis(1), 10), "due again at its next attempt");
            assertEquals(List.of(deferred), store.due(LATER, 10));
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(List.of(deferred), store.due(Instant.MAX, 10));
            assertEquals(1, store.heldMessages());
            done(store.release(pending));
            assertEquals(0, store.heldMessages());
            assertEquals(List.of(pending, deferred), store.due(Instant.MAX, 10));
        }
    }

    @Test
    void aDeletedMessageIsGoneForGood() throws Exception {
        QueueId gone;
        QueueId kept;
        try (QueueStore store = Spools.openRecovered(dir)) {
            gone = Spools.store(store, TestEnvelopes.simple("bob", "carol"), "", Spools.content(1));
            kept = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(2));
            done(store.hold(gone));
            done(store.delete(gone));
            assertEquals(List.of(kept), store.ids());
            assertTrue(store.record(gone).isEmpty());
            assertTrue(store.openContent(gone).isEmpty());
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(List.of(kept), store.ids(), "the deletion survives a restart");
            assertEquals(Spools.content(2), Spools.read(store, kept));
        }
    }

    @Test
    void actionsOnAnUnknownIdFailAndWriteNothing() throws Exception {
        try (QueueStore store = Spools.openRecovered(dir)) {
            QueueId kept = Spools.store(store, TestEnvelopes.simple(), "", "x\r\n");
            QueueId unknown = new QueueId("0000000000000Q");
            for (var action : List.<java.util.function.Supplier<java.util.concurrent.CompletionStage<?>>>of(
                    () -> store.hold(unknown), () -> store.release(unknown), () -> store.delete(unknown))) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> done(action.get()));
                assertInstanceOf(NoSuchElementException.class, e.getCause());
            }
            done(store.delete(kept));
            ExecutionException twice = assertThrows(ExecutionException.class, () -> done(store.delete(kept)));
            assertInstanceOf(NoSuchElementException.class, twice.getCause());
        }
    }

    @Test
    void aHoldSurvivesCompaction() throws Exception {
        QueueSettings settings = new QueueSettings(dir).withStorage(0, 16 * 1024, Duration.ofSeconds(1))
                .withCompactionRatio(0.5);
        QueueId held;
        try (QueueStore store = QueueStore.open(settings, Clock.systemUTC())) {
            done(store.recovered());
            held = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(1));
            done(store.hold(held));
            for (int i = 0; i < 8; i++) {
                QueueId other = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(100 + i));
                done(store.delete(other));
            }
            done(store.maintained());
            assertFalse(Files.exists(dir.resolve("log").resolve(SegmentName.of(1))), "segment 1 was compacted");
        }
        try (QueueStore store = QueueStore.open(settings, Clock.systemUTC())) {
            done(store.recovered());
            assertEquals(List.of(held), store.ids());
            assertTrue(store.record(held).orElseThrow().held());
            assertEquals(List.of(), store.due(Instant.MAX, 10));
            assertEquals(Spools.content(1), Spools.read(store, held));
        }
    }
}
