package dev.mta.testkit.sink;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.testkit.Envelopes;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.mta.testkit.EnvelopeAssertions.assertEnvelopeEquals;
import static dev.mta.testkit.Stages.await;
import static dev.mta.testkit.Stages.awaitFailure;
import static dev.mta.testkit.Stages.awaitSettled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of {@link MessageSink} and {@link MessageWriter}, as JUnit 5 tests that every implementation runs
 * by implementing this interface in its own test class (the pattern of James's {@code MailQueueContract}):
 *
 * <pre>{@code
 * class SpoolSinkTest implements MessageSinkContract {
 *     @TempDir Path dir;
 *     private SpoolSink sink;
 *
 *     @BeforeEach void open() { sink = SpoolSink.open(dir, ...); }
 *     @AfterEach void close() { sink.close(); }
 *
 *     public MessageSink sink() { return sink; }
 *     public Optional<StoredMessage> stored(QueueId id) { return ...read back from dir...; }
 *     public int storedCount() { return ...; }
 * }
 * }</pre>
 *
 * <p>What it holds an implementation to, beyond the port's javadoc: a committed message is its header followed by
 * the written bytes, byte for byte, whatever they are (binary, CR, LF, NUL, 8-bit); the envelope comes back
 * equal in every field, U-label forms included; concurrent writers never mix; a writer releases every
 * {@link ByteBuf} handed to it, on every path, before the stage of that call completes; calls after
 * {@code abort()} or after a commit fail through their stage and never throw; nothing is visible before the
 * commit completes.
 *
 * <p>Stages are awaited with a deadline ({@link dev.mta.testkit.Stages#TIMEOUT}); nothing sleeps.
 */
public interface MessageSinkContract {

    /** The sink under test: fresh for each test, the same object for every call within one test. */
    MessageSink sink();

    /**
     * The committed message with this id as the sink stored it, read back from its storage (for a queue: from
     * disk, not from a cache); empty if there is none.
     */
    Optional<StoredMessage> stored(QueueId id);

    /** How many committed messages the sink holds. */
    int storedCount();

    @Test
    default void commitCompletesWithTheWritersId() throws Exception {
        HandedIn handedIn = new HandedIn();
        MessageWriter writer = sink().open(Envelopes.simple());
        QueueId id = writer.id();
        assertNotNull(id);

        await(writer.write(handedIn.buffer(ascii("Subject: hi\r\n\r\nhello\r\n"))));
        assertEquals(id, writer.id(), "the id is fixed from open on");
        assertEquals(id, await(writer.commit()));

        assertTrue(stored(id).isPresent(), "committed message is stored under the writer's id");
        handedIn.assertAllReleased();
    }

    @Test
    default void contentIsTheConcatenationOfTheWritesByteForByte() throws Exception {
        HandedIn handedIn = new HandedIn();
        List<byte[]> writes = List.of(
                ascii("Received: from client.example.net\r\n"),
                ascii("Subject: smuggling\r\n\r\n"),
                ascii("bare LF\nbare CR\r lone dot\r\n.\r\n"),
                new byte[0],
                ascii("\r\n.\r\n"),
                allOctets(),
                new byte[]{0, 0, 0, '\r', 0, '\n', 0},
                "8-bit: Grüße, 日本語, \u00ff\r\n".getBytes(StandardCharsets.UTF_8),
                "Latin-1: \u00e9\u00e8\r\n".getBytes(StandardCharsets.ISO_8859_1),
                new byte[]{(byte) 0x80, (byte) 0xff, (byte) 0xfe, 0x7f},
                new byte[]{'.'},
                ascii("end without line ending"));

        MessageWriter writer = sink().open(Envelopes.simple());
        for (byte[] data : writes) {
            await(writer.write(handedIn.buffer(data)));
        }
        QueueId id = await(writer.commit());

        assertArrayEquals(concat(writes), storedContent(id));
        handedIn.assertAllReleased();
    }

    @Test
    default void headerGivenAtCommitIsStoredAheadOfTheContent() throws Exception {
        HandedIn handedIn = new HandedIn();
        byte[] header = ascii("DKIM-Signature: v=1; a=ed25519-sha256; d=example.net; s=s1;\r\n"
                + "\tbh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n");
        byte[] body = ascii("From: alice@example.net\r\n\r\nbody\r\n");

        MessageWriter writer = sink().open(Envelopes.simple());
        await(writer.write(handedIn.buffer(body)));
        QueueId id = await(writer.commit(handedIn.buffer(header)));

        assertArrayEquals(concat(List.of(header, body)), storedContent(id));
        handedIn.assertAllReleased();
    }

    @Test
    default void messageWithoutContentIsStoredEmpty() throws Exception {
        MessageWriter writer = sink().open(Envelopes.simple());
        QueueId id = await(writer.commit());

        assertArrayEquals(new byte[0], storedContent(id));
    }

    @Test
    default void envelopesComeBackEqualInEveryField() throws Exception {
        HandedIn handedIn = new HandedIn();
        for (Envelope envelope : Envelopes.roundTripCases()) {
            MessageWriter writer = sink().open(envelope);
            await(writer.write(handedIn.buffer(ascii("Subject: envelope\r\n\r\n"))));
            QueueId id = await(writer.commit());

            StoredMessage message = stored(id).orElseThrow(() -> new AssertionError("not stored: " + id));
            assertEnvelopeEquals(envelope, message.envelope());
        }
        handedIn.assertAllReleased();
    }

    @Test
    default void multiMegabyteMessageWrittenInSmallChunks() throws Exception {
        HandedIn handedIn = new HandedIn();
        Random random = new Random(20261125);
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        random.nextBytes(content);

        MessageWriter writer = sink().open(Envelopes.simple());
        // Back-pressure as a session applies it: a bounded number of writes in flight.
        Deque<CompletionStage<Void>> inFlight = new ArrayDeque<>();
        for (int offset = 0; offset < content.length; ) {
            int length = Math.min(1 + random.nextInt(1024), content.length - offset);
            byte[] chunk = new byte[length];
            System.arraycopy(content, offset, chunk, 0, length);
            inFlight.add(writer.write(handedIn.buffer(chunk)));
            if (inFlight.size() > 16) {
                await(inFlight.poll());
            }
            offset += length;
        }
        while (!inFlight.isEmpty()) {
            await(inFlight.poll());
        }
        QueueId id = await(writer.commit());

        byte[] stored = storedContent(id);
        assertEquals(content.length, stored.length, "stored length");
        assertArrayEquals(content, stored);
        assertTrue(handedIn.count() > 5000, "written in small chunks");
        handedIn.assertAllReleased();
    }

    @Test
    default void concurrentWritersNeverMixContentAndGetDistinctIds() throws Exception {
        int threads = 4;
        int writersPerThread = 4;
        int chunksPerMessage = 40;
        MessageSink sink = sink();
        int before = storedCount();
        HandedIn handedIn = new HandedIn();
        Map<QueueId, byte[]> expectedContent = new ConcurrentHashMap<>();
        Map<QueueId, Envelope> expectedEnvelope = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    // Each thread keeps several messages open at once and writes to them in turn.
                    List<MessageWriter> writers = new ArrayList<>();
                    List<ByteArrayOutputStream> written = new ArrayList<>();
                    List<CompletionStage<Void>> writes = new ArrayList<>();
                    for (int w = 0; w < writersPerThread; w++) {
                        int message = thread * writersPerThread + w;
                        Envelope envelope = Envelopes.builder()
                                .recipients("rcpt-" + message + "@example.com").build();
                        MessageWriter writer = sink.open(envelope);
                        writers.add(writer);
                        written.add(new ByteArrayOutputStream());
                        expectedEnvelope.put(writer.id(), envelope);
                    }
                    Random random = new Random(thread);
                    for (int c = 0; c < chunksPerMessage; c++) {
                        for (int w = 0; w < writersPerThread; w++) {
                            byte[] chunk = new byte[1 + random.nextInt(700)];
                            random.nextBytes(chunk);
                            written.get(w).write(chunk);
                            writes.add(writers.get(w).write(handedIn.buffer(chunk)));
                        }
                    }
                    writes.forEach(stage -> await(stage));
                    for (int w = 0; w < writersPerThread; w++) {
                        QueueId id = await(writers.get(w).commit());
                        assertEquals(writers.get(w).id(), id);
                        expectedContent.put(id, written.get(w).toByteArray());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(threads * writersPerThread, expectedContent.size(), "distinct ids");
        assertEquals(before + threads * writersPerThread, storedCount());
        for (Map.Entry<QueueId, byte[]> entry : expectedContent.entrySet()) {
            StoredMessage message = stored(entry.getKey()).orElseThrow(() -> new AssertionError("not stored"));
            assertArrayEquals(entry.getValue(), message.content(), "content of " + entry.getKey());
            assertEnvelopeEquals(expectedEnvelope.get(entry.getKey()), message.envelope());
        }
        handedIn.assertAllReleased();
    }

    @Test
    default void nothingIsVisibleBeforeTheCommitCompletes() throws Exception {
        HandedIn handedIn = new HandedIn();
        int before = storedCount();
        MessageWriter writer = sink().open(Envelopes.simple());
        await(writer.write(handedIn.buffer(ascii("Subject: not yet\r\n\r\nbody\r\n"))));

        assertEquals(Optional.empty(), stored(writer.id()), "visible before commit");
        assertEquals(before, storedCount(), "counted before commit");

        QueueId id = await(writer.commit());
        assertTrue(stored(id).isPresent(), "durable and visible once the commit completed");
        assertEquals(before + 1, storedCount());
        handedIn.assertAllReleased();
    }

    @Test
    default void abortLeavesNothingBehind() throws Exception {
        HandedIn handedIn = new HandedIn();
        int before = storedCount();
        MessageWriter writer = sink().open(Envelopes.simple());
        await(writer.write(handedIn.buffer(ascii("Subject: aborted\r\n\r\n"))));

        assertDoesNotThrow(writer::abort);

        assertEquals(Optional.empty(), stored(writer.id()));
        assertEquals(before, storedCount());
        handedIn.assertAllReleased();
    }

    @Test
    default void abortIsIdempotent() throws Exception {
        int before = storedCount();
        MessageWriter writer = sink().open(Envelopes.simple());

        assertDoesNotThrow(writer::abort);
        assertDoesNotThrow(writer::abort);
        assertDoesNotThrow(writer::abort);

        assertEquals(Optional.empty(), stored(writer.id()));
        assertEquals(before, storedCount());
    }

    @Test
    default void abortWithWritesInFlightReleasesEveryBuffer() throws Exception {
        HandedIn handedIn = new HandedIn();
        int before = storedCount();
        MessageWriter writer = sink().open(Envelopes.simple());
        List<CompletionStage<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            writes.add(writer.write(handedIn.buffer(ascii("line " + i + "\r\n"))));
        }

        writer.abort();

        // Writes already taken may have succeeded or failed; either way their buffers are released.
        writes.forEach(stage -> awaitSettled(stage));
        assertNotNull(awaitFailure(writer.commit()));
        assertEquals(Optional.empty(), stored(writer.id()));
        assertEquals(before, storedCount());
        handedIn.assertAllReleased();
    }

    @Test
    default void writeAfterAbortFailsThroughItsStage() throws Exception {
        HandedIn handedIn = new HandedIn();
        MessageWriter writer = sink().open(Envelopes.simple());
        writer.abort();

        ByteBuf data = handedIn.buffer(ascii("too late\r\n"));
        CompletionStage<Void> write = assertDoesNotThrow(() -> writer.write(data), "write after abort throws");

        assertNotNull(awaitFailure(write));
        handedIn.assertAllReleased();
    }

    @Test
    default void commitAfterAbortFailsThroughItsStage() throws Exception {
        HandedIn handedIn = new HandedIn();
        int before = storedCount();
        MessageWriter writer = sink().open(Envelopes.simple());
        await(writer.write(handedIn.buffer(ascii("Subject: x\r\n\r\n"))));
        writer.abort();

        ByteBuf header = handedIn.buffer(ascii("X-Header: late\r\n"));
        CompletionStage<QueueId> commit = assertDoesNotThrow(() -> writer.commit(header),
                "commit after abort throws");

        assertNotNull(awaitFailure(commit));
        assertEquals(Optional.empty(), stored(writer.id()));
        assertEquals(before, storedCount());
        handedIn.assertAllReleased();
    }

    @Test
    default void writeAfterCommitFailsAndLeavesTheMessageAsCommitted() throws Exception {
        HandedIn handedIn = new HandedIn();
        byte[] body = ascii("Subject: done\r\n\r\nbody\r\n");
        MessageWriter writer = sink().open(Envelopes.simple());
        await(writer.write(handedIn.buffer(body)));
        QueueId id = await(writer.commit());

        ByteBuf extra = handedIn.buffer(ascii("appended after commit\r\n"));
        CompletionStage<Void> write = assertDoesNotThrow(() -> writer.write(extra), "write after commit throws");

        assertNotNull(awaitFailure(write));
        assertArrayEquals(body, storedContent(id));
        handedIn.assertAllReleased();
    }

    @Test
    default void secondCommitFailsAndStoresNothingMore() throws Exception {
        HandedIn handedIn = new HandedIn();
        int before = storedCount();
        byte[] body = ascii("Subject: once\r\n\r\n");
        MessageWriter writer = sink().open(Envelopes.simple());
        await(writer.write(handedIn.buffer(body)));
        QueueId id = await(writer.commit());

        ByteBuf header = handedIn.buffer(ascii("X-Again: yes\r\n"));
        CompletionStage<QueueId> again = assertDoesNotThrow(() -> writer.commit(header));

        assertNotNull(awaitFailure(again));
        assertEquals(before + 1, storedCount());
        assertArrayEquals(body, storedContent(id));
        handedIn.assertAllReleased();
    }

    @Test
    default void abortAfterACompletedCommitHasNoEffect() throws Exception {
        HandedIn handedIn = new HandedIn();
        byte[] body = ascii("Subject: kept\r\n\r\n");
        MessageWriter writer = sink().open(Envelopes.simple());
        await(writer.write(handedIn.buffer(body)));
        QueueId id = await(writer.commit());

        assertDoesNotThrow(writer::abort);

        assertArrayEquals(body, storedContent(id), "abort after commit must not remove the message");
        handedIn.assertAllReleased();
    }

    @Test
    default void eachWriterGetsItsOwnId() throws Exception {
        Set<QueueId> ids = new HashSet<>();
        List<MessageWriter> writers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            MessageWriter writer = sink().open(Envelopes.simple());
            writers.add(writer);
            assertTrue(ids.add(writer.id()), "id given twice: " + writer.id());
        }
        writers.forEach(MessageWriter::abort);
    }

    @Test
    default void freshSinkHasRoomForASmallMessage() {
        assertTrue(sink().hasRoomFor(64 * 1024));
    }

    private byte[] storedContent(QueueId id) {
        return stored(id).orElseThrow(() -> new AssertionError("no stored message " + id)).content();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] allOctets() {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        return all;
    }

    private static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
