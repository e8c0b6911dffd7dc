package dev.mta.dkim;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.QueueIdGenerator;
import dev.mta.core.sink.Recipient;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mta.dkim.TestSupport.crlf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigningMessageWriterTest {

    private static final String WORKER = "dkim-worker";

    private final AtomicInteger tasks = new AtomicInteger();
    private final ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, WORKER));
    private final java.util.concurrent.Executor worker = task -> {
        tasks.incrementAndGet();
        pool.execute(task);
    };
    private final ExecutorService verifierPool = Executors.newSingleThreadExecutor();
    private final List<ByteBuf> written = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        pool.shutdownNow();
        verifierPool.shutdownNow();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void passesContentThroughByteForByteAndStoresTheSignatureAtCommit() {
        byte[] message = crlf(DkimSignerTest.PLAIN);
        RecordingWriter inner = new RecordingWriter(true);
        ThreadRecordingClock clock = new ThreadRecordingClock();
        MessageWriter writer = new SigningStage(this::dual, DkimSigner.relaxed(clock), worker,
                SigningStage.DEFAULT_MAX_HEADER_BYTES).wrap(envelope(true), inner);

        writeInChunks(writer, message, 5);
        QueueId id = writer.commit().toCompletableFuture().join();

        assertEquals(inner.id(), id);
        assertArrayEquals(message, inner.content.toByteArray());
        String header = new String(inner.header, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("DKIM-Signature: v=1; a=rsa-sha256;"), header);
        assertEquals(2, header.split("DKIM-Signature:", -1).length - 1, header);
        assertEquals(List.of(DkimResult.Status.PASS, DkimResult.Status.PASS),
                verify(TestSupport.concat(inner.header, message)));
        // The signer reads the clock while it signs: that happened on the worker, not on this thread.
        assertEquals(List.of(WORKER), clock.threads);
        assertTrue(tasks.get() > message.length / 5, "hashing ran on the executor: " + tasks.get());
        assertAllReleased();
    }

    /** 10 MB in 1000-byte chunks: every buffer is released as soon as its write completes; nothing is kept. */
    @Test
    void tenMegabytesStreamThroughWithoutBeingKept() throws Exception {
        RecordingWriter inner = new RecordingWriter(false);
        MessageWriter writer = stage(SigningKeyring.of(List.of(DkimSignerTest.edKey()), false))
                .wrap(envelope(true), inner);
        MessageDigest sent = DkimCrypto.sha256();
        byte[] head = crlf("From: Alice <alice@example.com>\nSubject: big\n\n");
        write(writer, head, sent);
        byte[] line = crlf("0123456789".repeat(9) + "\n"); // 92 bytes a line
        long total = head.length;
        byte[] chunk = new byte[1000];
        int filled = 0;
        while (total < 10_000_000) {
            for (byte b : line) {
                chunk[filled++] = b;
                if (filled == chunk.length) {
                    write(writer, chunk, sent);
                    total += filled;
                    filled = 0;
                }
            }
        }
        writer.commit().toCompletableFuture().join();
        assertArrayEquals(sent.digest(), inner.digest.digest());
        assertEquals(total, inner.bytes);

        // Verify the stored header against the same content, regenerated and streamed.
        DkimVerifier.Verification v = verifier().newVerification();
        v.update(Unpooled.wrappedBuffer(inner.header));
        v.update(Unpooled.wrappedBuffer(head));
        long again = head.length;
        filled = 0;
        while (again < total) {
            for (byte b : line) {
                chunk[filled++] = b;
                if (filled == chunk.length) {
                    v.update(Unpooled.wrappedBuffer(chunk));
                    again += filled;
                    filled = 0;
                }
            }
        }
        assertEquals(DkimResult.Status.PASS, v.finish().toCompletableFuture().join().get(0).status());
    }

    @Test
    void aHeaderGivenAtCommitIsStoredAfterTheSignatureAndSigned() {
        byte[] message = crlf("From: alice@example.com\nSubject: x\n\nbody\n");
        RecordingWriter inner = new RecordingWriter(true);
        MessageWriter writer = stage(dual()).wrap(envelope(true), inner);
        writeInChunks(writer, message, 64);
        writer.commit(Unpooled.copiedBuffer("Message-ID: <added@example.com>\r\n", StandardCharsets.US_ASCII))
                .toCompletableFuture().join();
        String header = new String(inner.header, StandardCharsets.US_ASCII);
        assertTrue(header.endsWith("\r\nMessage-ID: <added@example.com>\r\n"), header);
        assertTrue(header.contains(":message-id;"), header);
        byte[] stored = TestSupport.concat(inner.header, message);
        assertEquals(List.of(DkimResult.Status.PASS, DkimResult.Status.PASS), verify(stored));
        byte[] changed = new String(stored, StandardCharsets.US_ASCII).replace("<added@", "<other@")
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(List.of(DkimResult.Status.FAIL, DkimResult.Status.FAIL), verify(changed));
        assertAllReleased();
    }

    @Test
    void withoutFromOrKeyOrWithAHugeHeaderTheMessageGoesUnsigned() {
        List<byte[]> messages = List.of(
                crlf("Subject: no from\n\nbody\n"),
                crlf("From: a@other.example\n\nbody\n"),
                crlf("From: a@example.com\nX-Big: " + "x".repeat(300) + "\n\nbody\n"));
        for (byte[] message : messages) {
            RecordingWriter inner = new RecordingWriter(true);
            MessageWriter writer = new SigningMessageWriter(inner, dual(), DkimSigner.relaxed(TestSupport.CLOCK),
                    worker, 200);
            writeInChunks(writer, message, 7);
            writer.commit().toCompletableFuture().join();
            assertArrayEquals(message, inner.content.toByteArray());
            assertEquals(0, inner.header.length, new String(message, StandardCharsets.US_ASCII));
        }
        assertAllReleased();
    }

    @Test
    void anExecutorThatRefusesWorkLeavesTheMessageUnsignedNotStuck() {
        RecordingWriter inner = new RecordingWriter(true);
        java.util.concurrent.Executor refusing = task -> {
            throw new RejectedExecutionException("shut down");
        };
        MessageWriter writer = new SigningMessageWriter(inner, dual(), DkimSigner.relaxed(TestSupport.CLOCK),
                refusing, 1 << 20);
        byte[] message = crlf(DkimSignerTest.PLAIN);
        writeInChunks(writer, message, 10);
        assertEquals(inner.id(), writer.commit().toCompletableFuture().join());
        assertArrayEquals(message, inner.content.toByteArray());
        assertEquals(0, inner.header.length);
        assertAllReleased();
    }

    @Test
    void onlyLocallyOriginatedMailIsWrapped() {
        RecordingWriter inner = new RecordingWriter(true);
        assertSame(inner, stage(dual()).wrap(envelope(false), inner));
        assertSame(inner, stage(SigningKeyring.empty()).wrap(envelope(true), inner));
        assertTrue(stage(dual()).wrap(envelope(true), inner) instanceof SigningMessageWriter);
    }

    @Test
    void theSinkDecoratorWrapsLocalMailAndAsksTheInnerSinkForRoom() throws Exception {
        RecordingWriter inner = new RecordingWriter(true);
        dev.mta.core.sink.MessageSink sink = new dev.mta.core.sink.MessageSink() {
            @Override
            public MessageWriter open(Envelope envelope) {
                return inner;
            }

            @Override
            public boolean hasRoomFor(long expectedSize) {
                return expectedSize < 100;
            }
        };
        dev.mta.core.sink.MessageSink signing = stage(dual()).around(sink);
        assertTrue(signing.open(envelope(true)) instanceof SigningMessageWriter);
        assertSame(inner, signing.open(envelope(false)));
        assertTrue(signing.hasRoomFor(99));
        assertTrue(!signing.hasRoomFor(100));
    }

    @Test
    void abortReachesTheInnerWriter() {
        RecordingWriter inner = new RecordingWriter(true);
        MessageWriter writer = stage(dual()).wrap(envelope(true), inner);
        writeInChunks(writer, crlf(DkimSignerTest.PLAIN), 100);
        writer.abort();
        assertTrue(inner.aborted);
        assertAllReleased();
    }

    private SigningStage stage(SigningKeyring keyring) {
        return new SigningStage(() -> keyring, DkimSigner.relaxed(TestSupport.CLOCK), worker,
                SigningStage.DEFAULT_MAX_HEADER_BYTES);
    }

    private SigningKeyring dual() {
        return SigningKeyring.of(List.of(DkimSignerTest.rsaKey(), DkimSignerTest.edKey()), false);
    }

    private void writeInChunks(MessageWriter writer, byte[] message, int size) {
        for (int i = 0; i < message.length; i += size) {
            ByteBuf buf = Unpooled.buffer(size);
            buf.writeBytes(message, i, Math.min(size, message.length - i));
            written.add(buf);
            writer.write(buf).toCompletableFuture().join();
        }
    }

    /** Writes one chunk the way a session does: wait for the write before the next; check it was let go. */
    private static void write(MessageWriter writer, byte[] bytes, MessageDigest sent) {
        ByteBuf buf = Unpooled.buffer(bytes.length);
        buf.writeBytes(bytes);
        sent.update(bytes);
        writer.write(buf).toCompletableFuture().join();
        assertEquals(0, buf.refCnt(), "the stage kept a reference");
    }

    private void assertAllReleased() {
        for (ByteBuf buf : written) {
            assertEquals(0, buf.refCnt(), "a buffer was not released");
        }
    }

    private DkimVerifier verifier() {
        return new DkimVerifier(new TestSupport.MapTxtLookup(java.util.Map.of(
                "rsa._domainkey.example.com", List.of(DkimSignerTest.record(TestSupport.Keys.RSA)),
                "ed._domainkey.example.com", List.of(DkimSignerTest.record(TestSupport.Keys.ED25519))),
                java.util.Set.of()), TestSupport.CLOCK, verifierPool, 1 << 20);
    }

    private List<DkimResult.Status> verify(byte[] message) {
        return verifier().verify(Unpooled.wrappedBuffer(message)).toCompletableFuture().join().stream()
                .map(DkimResult::status).toList();
    }

    private static Envelope envelope(boolean local) {
        Mailbox alice = new Mailbox("alice", new Domain("example.com", "example.com"));
        Origin origin = new Origin(TestSupport.NOW, Origin.Channel.SMTP, "192.0.2.1", Optional.empty(),
                Optional.of("client.example"), local ? Optional.of("alice@example.com") : Optional.empty(),
                Optional.empty(), local);
        return new Envelope(ReversePath.of(alice), MailParameters.DEFAULT, List.of(Recipient.of(alice)), origin);
    }

    /** A fixed clock that notes which threads read it. */
    private static final class ThreadRecordingClock extends java.time.Clock {
        final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.time.Instant instant() {
            threads.add(Thread.currentThread().getName());
            return TestSupport.NOW;
        }
    }

    /** The queue's side, reduced to what this test looks at: the bytes, the header, the thread, the releases. */
    private static final class RecordingWriter implements MessageWriter {
        private final QueueId id = new QueueIdGenerator(TestSupport.CLOCK).next();
        private final boolean keep;
        final ByteArrayOutputStream content = new ByteArrayOutputStream();
        final MessageDigest digest = DkimCrypto.sha256();
        long bytes;
        byte[] header;
        volatile boolean aborted;

        RecordingWriter(boolean keep) {
            this.keep = keep;
        }

        @Override
        public QueueId id() {
            return id;
        }

        @Override
        public CompletionStage<Void> write(ByteBuf data) {
            byte[] b = new byte[data.readableBytes()];
            data.readBytes(b);
            data.release();
            if (keep) {
                content.writeBytes(b);
            }
            digest.update(b);
            bytes += b.length;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<QueueId> commit(ByteBuf header) {
            this.header = new byte[header.readableBytes()];
            header.readBytes(this.header);
            header.release();
            return CompletableFuture.completedFuture(id);
        }

        @Override
        public void abort() {
            aborted = true;
        }
    }
}
