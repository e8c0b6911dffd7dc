package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.record.RecipientState;
import dev.mta.queue.record.RecipientStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The offline reader: it sees what a restart would see, and changes nothing on disk. */
class SpoolSnapshotTest {

    private static final Instant T = Instant.parse("2026-11-25T12:00:00Z");

    @TempDir
    Path dir;

    private static <V> V done(java.util.concurrent.CompletionStage<V> stage) throws Exception {
        return stage.toCompletableFuture().get(Spools.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void readsRecordsStatesAndContentOfAStoppedQueueWithoutWritingAByte() throws Exception {
        QueueId kept;
        QueueId deferred;
        QueueId deleted;
        try (QueueStore store = Spools.openRecovered(dir)) {
            kept = Spools.store(store, TestEnvelopes.simple(), "X-Stored: 1\r\n", Spools.content(1));
            deferred = Spools.store(store, TestEnvelopes.simple("bob", "carol"), "", Spools.content(2));
            deleted = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(3));
            done(store.updateRecipient(deferred, 1, RecipientState.deferred(2, T, T.plusSeconds(600),
                    "451 4.3.0 \u001b[31mtry later")));
            done(store.hold(kept));
            done(store.delete(deleted));
        }
        // Leftovers a daemon would clean up or quarantine at its next start must stay where they are.
        Files.writeString(dir.resolve("incoming/0123456789ABCD"), "half");
        Files.writeString(dir.resolve("log/stray.txt"), "not a segment");
        Map<String, String> before = tree(dir);

        SpoolSnapshot snapshot = SpoolSnapshot.read(dir);

        assertEquals(List.of(kept, deferred), snapshot.ids());
        assertTrue(snapshot.record(kept).orElseThrow().held());
        var states = snapshot.record(deferred).orElseThrow().states();
        assertEquals(RecipientStatus.PENDING, states.get(0).status());
        assertEquals(RecipientStatus.DEFERRED, states.get(1).status());
        assertEquals("451 4.3.0 \u001b[31mtry later", states.get(1).lastReply().orElseThrow());
        assertEquals("X-Stored: 1\r\n" + Spools.content(1), Spools.read(snapshot, kept));
        assertEquals(("X-Stored: 1\r\n" + Spools.content(1)).length(), snapshot.messageSize(kept).orElseThrow());
        assertTrue(snapshot.record(deleted).isEmpty());
        assertEquals(0, snapshot.damagedFrames());
        assertEquals(before, tree(dir), "the offline reader changed the spool");
    }

    @Test
    void skipsAndCountsADamagedFrameInsteadOfQuarantiningIt() throws Exception {
        QueueId first;
        QueueId second;
        try (QueueStore store = Spools.openRecovered(dir)) {
            first = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(1));
            second = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(2));
        }
        Path segment;
        try (Stream<Path> segments = Files.list(dir.resolve("log"))) {
            segment = segments.filter(p -> {
                try {
                    return Files.size(p) > 0;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).findFirst().orElseThrow();
        }
        // Flip one byte inside the first message's content: its tag no longer matches.
        try (var ch = java.nio.channels.FileChannel.open(segment, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {'#'}), 1000);
        }
        Map<String, String> before = tree(dir);

        SpoolSnapshot snapshot = SpoolSnapshot.read(dir);

        assertEquals(List.of(second), snapshot.ids(), first + " is damaged");
        assertEquals(1, snapshot.damagedFrames());
        assertEquals(before, tree(dir));
        try (Stream<Path> corrupt = Files.list(dir.resolve("corrupt"))) {
            assertFalse(corrupt.findAny().isPresent(), "nothing quarantined by a reader");
        }
    }

    @Test
    void aDirectoryWithoutAQueueIsAClearError() throws Exception {
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> SpoolSnapshot.read(dir.resolve("none")));
        assertTrue(e.getMessage().contains("no queue here"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("none")), "nothing created");
    }

    @Test
    void flushMakesDeferredRecipientsDueNowAndKeepsTheirHistory() throws Exception {
        try (QueueStore store = Spools.openRecovered(dir)) {
            QueueId id = Spools.store(store, TestEnvelopes.simple("bob", "carol"), "", Spools.content(1));
            done(store.updateRecipient(id, 0, RecipientState.delivered(1, T, "250 ok")));
            done(store.updateRecipient(id, 1, RecipientState.deferred(3, T, T.plusSeconds(3600), "451 later")));
            assertEquals(List.of(), store.due(T.plusSeconds(60), 10));

            var flushed = done(store.flush(id, T.plusSeconds(60)));

            assertEquals(List.of(id), store.due(T.plusSeconds(60), 10));
            assertEquals(RecipientState.deferred(3, T, T.plusSeconds(60), "451 later"), flushed.states().get(1));
            assertEquals(RecipientStatus.DELIVERED, flushed.states().get(0).status());
        }
    }

    /** Every file under {@code root} with its size and modification time. */
    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class,
                        java.nio.file.LinkOption.NOFOLLOW_LINKS);
                out.put(root.relativize(p).toString(), a.size() + " " + a.lastModifiedTime().toMillis());
            }
        }
        return out;
    }
}
