package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compaction (ADR 0002): a message deferred for long no longer pins its segment and every newer one; at each
 * crash point between copying and deleting, nothing is lost and nothing is queued twice.
 */
class CompactionTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");
    private static final long SEGMENT = 16 * 1024;
    private static final String HEADER = "X-Kept: 1\r\n";

    @TempDir
    Path dir;

    private QueueSettings settings(double ratio) {
        return new QueueSettings(dir).withStorage(0, SEGMENT, Duration.ofSeconds(1)).withCompactionRatio(ratio);
    }

    private QueueStore open(double ratio, Storage storage) throws Exception {
        QueueStore store = QueueStore.open(settings(ratio), Clock.systemUTC(), storage);
        store.recovered().toCompletableFuture().get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
        return store;
    }

    private static void maintained(QueueStore store) throws Exception {
        store.maintained().toCompletableFuture().get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    private Path segment(long n) {
        return dir.resolve("log").resolve(SegmentName.of(n));
    }

    private List<Path> segments() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("log"))) {
            return files.sorted().toList();
        }
    }

    /**
     * With compaction off: segment 1 holds one message, deferred with one recipient delivered, among others
     * that are all gone; the log has moved on to later segments.
     */
    private QueueRecord pinnedSpool(QueueId[] kept) throws Exception {
        try (QueueStore store = open(0, Storage.system())) {
            kept[0] = Spools.store(store, TestEnvelopes.simple("bob", "carol"), HEADER, Spools.content(7));
            store.updateRecipient(kept[0], 0, RecipientState.delivered(1, T, "250 ok")).toCompletableFuture().get();
            store.updateRecipient(kept[0], 1, RecipientState.deferred(1, T, T.plusSeconds(600), "451 4.4.1 later"))
                    .toCompletableFuture().get();
            for (int i = 0; i < 8; i++) {
                QueueId other = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(100 + i));
                store.updateRecipient(other, 0, RecipientState.delivered(1, T, "250 ok")).toCompletableFuture().get();
            }
            maintained(store);
            assertEquals(1, store.size());
            assertTrue(segments().size() >= 3, "the kept message pins segment 1 and the ones after it");
            return store.record(kept[0]).orElseThrow();
        }
    }

    private void assertKept(QueueStore store, QueueId kept, QueueRecord expected) throws Exception {
        assertEquals(List.of(kept), store.ids());
        assertEquals(expected, store.record(kept).orElseThrow());
        assertEquals(HEADER + Spools.content(7), Spools.read(store, kept));
        assertEquals(List.of(), store.due(T.plusSeconds(599), 10));
        assertEquals(List.of(kept), store.due(T.plusSeconds(600), 10));
    }

    @Test
    void theLastLiveMessageOfTheOldestSegmentIsCopiedAndTheOldSegmentsDeleted() throws Exception {
        QueueId[] kept = new QueueId[1];
        QueueRecord expected = pinnedSpool(kept);
        try (QueueStore store = open(0.5, Storage.system())) {
            maintained(store);
            assertFalse(Files.exists(segment(1)), "segment 1 is compacted away");
            assertEquals(1, segments().size(), "only the segment holding the copy is left: " + segments());
            assertKept(store, kept[0], expected);
        }
        try (QueueStore store = open(0.5, Storage.system())) {
            assertKept(store, kept[0], expected);
            // State changes after the copy land on top of it.
            store.updateRecipient(kept[0], 1, RecipientState.delivered(2, T, "250 ok")).toCompletableFuture().get();
            assertEquals(0, store.size());
        }
        try (QueueStore store = open(0.5, Storage.system())) {
            assertEquals(0, store.size(), "the removal outlives the copy");
        }
    }

    @Test
    void whenTheCopiesCannotBeSyncedTheOldSegmentStaysAndNothingIsLostToAPowerLoss() throws Exception {
        QueueId[] kept = new QueueId[1];
        QueueRecord expected = pinnedSpool(kept);
        FaultyStorage storage = new FaultyStorage();
        storage.failDataSyncs.set(Integer.MAX_VALUE);
        try (QueueStore store = open(0.5, storage)) {
            maintained(store);
            assertTrue(Files.exists(segment(1)), "without durable copies the old segment is kept");
            assertKept(store, kept[0], expected);
            storage.crash();
        }
        storage.losePower();
        try (QueueStore store = open(0.5, Storage.system())) {
            assertKept(store, kept[0], expected);
            maintained(store);
            assertFalse(Files.exists(segment(1)), "a later pass, with a working disk, completes the compaction");
            assertKept(store, kept[0], expected);
        }
    }

    @Test
    void aCrashBetweenCopyAndDeleteLeavesTwoCopiesAndRecoveryKeepsTheNewerOne() throws Exception {
        QueueId[] kept = new QueueId[1];
        QueueRecord expected = pinnedSpool(kept);
        FaultyStorage storage = new FaultyStorage();
        storage.crashOnDelete = true;
        try (QueueStore store = open(0.5, storage)) {
            maintained(store);
        }
        storage.losePower();
        assertTrue(Files.exists(segment(1)), "the crash came before the old segment was deleted");
        byte[] frameLine = ("mta2 M " + kept[0].value() + " ").getBytes(StandardCharsets.US_ASCII);
        int copies = 0;
        for (Path p : segments()) {
            copies += count(Files.readAllBytes(p), frameLine);
        }
        assertEquals(2, copies, "the original and the synced copy are both on disk");

        try (QueueStore store = open(0, Storage.system())) {
            assertKept(store, kept[0], expected);
            maintained(store);
            assertFalse(Files.exists(segment(1)), "the original is no longer referenced and goes");
            store.updateRecipient(kept[0], 1, RecipientState.delivered(2, T, "250 ok")).toCompletableFuture().get();
        }
        try (QueueStore store = open(0, Storage.system())) {
            assertEquals(0, store.size(), "one removal ends the message, however many copies there were");
        }
    }

    @Test
    void diskUsageStaysBoundedWhileOneMessageStaysDeferredAndManyComeAndGo() throws Exception {
        int rounds = 120;
        int mostSegments = 0;
        QueueId kept;
        try (QueueStore store = open(0.5, Storage.system())) {
            kept = Spools.store(store, TestEnvelopes.simple(), HEADER, Spools.content(7));
            store.updateRecipient(kept, 0, RecipientState.deferred(1, T, T.plusSeconds(600), "451 4.4.1 later"))
                    .toCompletableFuture().get();
            // A reader (as delivery is) keeps reading the kept message while compaction moves it around.
            AtomicBoolean stop = new AtomicBoolean();
            QueueId reading = kept;
            CompletableFuture<Integer> reader = CompletableFuture.supplyAsync(() -> {
                int reads = 0;
                try {
                    while (!stop.get()) {
                        assertEquals(HEADER + Spools.content(7), Spools.read(store, reading));
                        assertTrue(store.record(reading).isPresent());
                        reads++;
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                return reads;
            });
            for (int i = 0; i < rounds; i++) {
                QueueId other = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(1000 + i));
                store.updateRecipient(other, 0, RecipientState.delivered(1, T, "250 ok")).toCompletableFuture().get();
                mostSegments = Math.max(mostSegments, segments().size());
            }
            stop.set(true);
            assertTrue(reader.get(Spools.WAIT_SECONDS, TimeUnit.SECONDS) > 0);
            maintained(store);
            assertEquals(List.of(kept), store.ids());
            assertEquals(HEADER + Spools.content(7), Spools.read(store, kept));
        }
        // Without compaction the kept message would pin all of the ~40 segments these rounds fill.
        assertTrue(mostSegments <= 5, "at most 5 segments at any time, saw " + mostSegments);
        long bytes = 0;
        for (Path p : segments()) {
            bytes += Files.size(p);
        }
        assertTrue(bytes <= 3 * (SEGMENT + 8 * 1024), "log size " + bytes);
        try (QueueStore store = open(0.5, Storage.system())) {
            assertEquals(List.of(kept), store.ids());
            assertEquals(HEADER + Spools.content(7), Spools.read(store, kept));
        }
    }

    private static int count(byte[] haystack, byte[] needle) {
        int n = 0;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            n++;
        }
        return n;
    }
}
