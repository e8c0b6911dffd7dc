package dev.mta.dkim;

import io.netty.buffer.Unpooled;
import org.apache.james.jdkim.DKIMVerifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random messages (fixed seed, so a failure repeats) of the kind our DATA reader accepts: CRLF lines only, odd
 * whitespace, folding, header names in any case, 8-bit UTF-8, trailing empty lines, no final CRLF. Each is signed
 * through the signing stage in random chunk sizes, and must verify with our verifier and, for RSA, with jDKIM.
 */
class SignVerifyPropertyTest {

    private static final String[] NAMES = {"To", "Cc", "Subject", "Date", "Message-ID", "Reply-To", "References",
        "MIME-Version", "Content-Type", "X-Mailer", "Received"};
    private static final String[] WORDS = {"a", "hello", "Grüße", "\t", "  ", "x=y;", "<id@example.com>", "日本"};

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void randomMessagesSignedInRandomChunksVerify() throws Exception {
        Random random = new Random(20231114L);
        DkimVerifier ours = new DkimVerifier(new TestSupport.MapTxtLookup(Map.of(
                "rsa._domainkey.example.com", List.of(DkimSignerTest.record(TestSupport.Keys.RSA)),
                "ed._domainkey.example.com", List.of(DkimSignerTest.record(TestSupport.Keys.ED25519))), Set.of()),
                TestSupport.CLOCK, executor, 1 << 20);
        String rsaRecord = DkimSignerTest.record(TestSupport.Keys.RSA);
        for (int n = 0; n < 200; n++) {
            byte[] message = randomMessage(random);
            Canonicalization header = Canonicalization.values()[random.nextInt(2)];
            Canonicalization body = Canonicalization.values()[random.nextInt(2)];
            DkimSigner signer = new DkimSigner(TestSupport.CLOCK, header, body, Optional.empty(),
                    DkimSigner.DEFAULT_HEADERS);
            byte[] fields = signThroughStage(signer, message, 1 + random.nextInt(200));
            byte[] signed = TestSupport.concat(fields, message);
            String label = "message " + n + " " + header + "/" + body + ":\n"
                    + new String(signed, StandardCharsets.UTF_8);

            List<DkimResult.Status> results = ours.verify(Unpooled.wrappedBuffer(signed)).toCompletableFuture().join()
                    .stream().map(DkimResult::status).toList();
            assertEquals(List.of(DkimResult.Status.PASS, DkimResult.Status.PASS), results, label);

            // What a receiver gets: SMTP transport ends the content with CRLF (DATA needs CRLF.CRLF), and that
            // is the form independent verifiers must agree on (see BodyCanonicalizer on the last line).
            byte[] transmitted = endsWithCrlf(message) ? message
                    : TestSupport.concat(message, "\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(List.of(DkimResult.Status.PASS, DkimResult.Status.PASS), ours.verify(
                    Unpooled.wrappedBuffer(TestSupport.concat(fields, transmitted))).toCompletableFuture().join()
                    .stream().map(DkimResult::status).toList(), label);
            boolean jdkimBug = body == Canonicalization.RELAXED && isBlank(TestSupport.bodyOf(message));
            if (!jdkimBug) { // see JdkimInteropTest#jdkimDisagreesOnTheRelaxedEmptyBody
                DKIMVerifier jdkim = new DKIMVerifier((method, selector, domain) ->
                        selector.toString().equals("rsa") ? List.of(rsaRecord) : List.of());
                try {
                    jdkim.verify(new ByteArrayInputStream(TestSupport.concat(rsaOnly(fields), transmitted)));
                } catch (Exception e) {
                    throw new AssertionError("jDKIM refused " + label, e);
                }
            }
        }
    }

    private static byte[] signThroughStage(DkimSigner signer, byte[] message, int chunk) {
        var inner = new RecordingHeaderWriter();
        var writer = new SigningMessageWriter(inner, SigningKeyring.of(List.of(DkimSignerTest.rsaKey(),
                DkimSignerTest.edKey()), false), signer, Runnable::run, 1 << 20);
        for (int i = 0; i < message.length; i += chunk) {
            var buf = Unpooled.buffer();
            buf.writeBytes(message, i, Math.min(chunk, message.length - i));
            writer.write(buf).toCompletableFuture().join();
        }
        writer.commit().toCompletableFuture().join();
        return inner.header;
    }

    /** The RSA field of the two (jDKIM does not know Ed25519 and would fail on it). */
    private static byte[] rsaOnly(byte[] fields) {
        String text = new String(fields, StandardCharsets.US_ASCII);
        int second = text.indexOf("DKIM-Signature:", 1);
        return text.substring(0, second).getBytes(StandardCharsets.US_ASCII);
    }

    private static boolean endsWithCrlf(byte[] m) {
        return m.length >= 2 && m[m.length - 2] == '\r' && m[m.length - 1] == '\n';
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != '\r' && b != '\n' && b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static byte[] randomMessage(Random random) {
        StringBuilder m = new StringBuilder();
        int fields = random.nextInt(8);
        int fromAt = random.nextInt(fields + 1);
        for (int i = 0; i <= fields; i++) {
            if (i == fromAt) {
                m.append(randomCase(random, "From")).append(random.nextBoolean() ? ": " : " :\t")
                        .append("Jörg <j@example.com>").append(random.nextBoolean() ? "  " : "").append("\r\n");
            } else {
                m.append(randomCase(random, NAMES[random.nextInt(NAMES.length)])).append(':')
                        .append(randomWords(random, true)).append("\r\n");
            }
        }
        m.append("\r\n");
        int lines = random.nextInt(6);
        for (int i = 0; i < lines; i++) {
            m.append(randomWords(random, false));
            if (i < lines - 1 || random.nextInt(4) > 0) {
                m.append("\r\n");
            }
        }
        return m.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String randomWords(Random random, boolean header) {
        StringBuilder s = new StringBuilder();
        int words = random.nextInt(6);
        for (int i = 0; i < words; i++) {
            s.append(i == 0 && header ? " " : random.nextBoolean() ? " " : "\t ");
            s.append(WORDS[random.nextInt(WORDS.length)]);
            if (header && random.nextInt(5) == 0) {
                s.append("\r\n\t"); // folding
            }
        }
        if (header && s.length() == 0) {
            s.append(" v");
        }
        return s.toString();
    }

    private static String randomCase(Random random, String name) {
        StringBuilder s = new StringBuilder();
        for (char c : name.toCharArray()) {
            s.append(random.nextBoolean() ? Character.toUpperCase(c) : Character.toLowerCase(c));
        }
        return s.toString();
    }

    /** Keeps only the header the stage stores at commit. */
    private static final class RecordingHeaderWriter implements dev.mta.core.sink.MessageWriter {
        private final dev.mta.core.sink.QueueId id = new dev.mta.core.sink.QueueIdGenerator(TestSupport.CLOCK).next();
        byte[] header = new byte[0];

        @Override
        public dev.mta.core.sink.QueueId id() {
            return id;
        }

        @Override
        public java.util.concurrent.CompletionStage<Void> write(io.netty.buffer.ByteBuf data) {
            data.release();
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public java.util.concurrent.CompletionStage<dev.mta.core.sink.QueueId> commit(io.netty.buffer.ByteBuf h) {
            header = new byte[h.readableBytes()];
            h.readBytes(header);
            h.release();
            return java.util.concurrent.CompletableFuture.completedFuture(id);
        }

        @Override
        public void abort() {
        }
    }
}
