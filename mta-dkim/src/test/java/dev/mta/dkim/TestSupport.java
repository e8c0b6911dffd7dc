package dev.mta.dkim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Small helpers shared by the tests: CRLF text, resources, a fixed clock, keys made once, a DNS from a map. */
final class TestSupport {

    /** 2023-11-14T22:13:20Z, a fixed instant for t=. */
    static final Instant NOW = Instant.ofEpochSecond(1_700_000_000L);
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private TestSupport() {
    }

    /** Text with every LF turned into CRLF, as UTF-8 bytes. */
    static byte[] crlf(String text) {
        return text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    static String resource(String name) {
        try (InputStream in = TestSupport.class.getResourceAsStream("/dkim/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Header fields of a message, as the splitter sees them. */
    static List<HeaderField> headersOf(byte[] message) {
        List<HeaderField> found = new ArrayList<>();
        MessageSplitter splitter = new MessageSplitter(1 << 20, new MessageSplitter.Listener() {
            @Override
            public void headers(List<HeaderField> fields) {
                found.addAll(fields);
            }

            @Override
            public void body(ByteBuf chunk) {
            }

            @Override
            public void headersTooLarge(int limit) {
                throw new AssertionError("too large");
            }
        });
        splitter.update(Unpooled.wrappedBuffer(message));
        splitter.finish();
        return found;
    }

    /** The body of a message: everything after the first CRLF CRLF. */
    static byte[] bodyOf(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int i = text.indexOf("\r\n\r\n");
        return i < 0 ? new byte[0] : text.substring(i + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The SHA-256 of a body canonicalized in one go. */
    static byte[] bodyHash(Canonicalization canon, byte[] body) {
        BodyCanonicalizer c = canon.body(DkimCrypto.sha256());
        c.update(body, 0, body.length);
        return c.finish();
    }

    /** Signature fields followed by the message. */
    static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }

    /** Keys made once for the whole test run: RSA generation is slow. */
    static final class Keys {
        static final KeyPair RSA = new DkimKeyGenerator(new java.security.SecureRandom())
                .generate(DkimKeyGenerator.Kind.RSA_2048);
        static final KeyPair ED25519 = new DkimKeyGenerator(new java.security.SecureRandom())
                .generate(DkimKeyGenerator.Kind.ED25519);

        private Keys() {
        }
    }

    /** A MessageDigest that keeps what it is fed, to compare canonical bytes exactly. */
    static final class RecordingDigest extends MessageDigest {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        RecordingDigest() {
            super("recording");
        }

        @Override
        protected void engineUpdate(byte input) {
            bytes.write(input);
        }

        @Override
        protected void engineUpdate(byte[] input, int offset, int len) {
            bytes.write(input, offset, len);
        }

        @Override
        protected byte[] engineDigest() {
            byte[] out = bytes.toByteArray();
            bytes.reset();
            return out;
        }

        @Override
        protected void engineReset() {
            bytes.reset();
        }
    }

    /** DNS answers from a map; names in {@code failing} fail as a SERVFAIL would. */
    static final class MapTxtLookup implements TxtLookup {
        private final Map<String, List<String>> records = new HashMap<>();
        private final Set<String> failing;

        MapTxtLookup(Map<String, List<String>> records, Set<String> failing) {
            this.records.putAll(records);
            this.failing = Set.copyOf(failing);
        }

        static MapTxtLookup of(String name, String record) {
            return new MapTxtLookup(Map.of(name, List.of(record)), Set.of());
        }

        @Override
        public CompletionStage<List<String>> lookup(String name) {
            if (failing.contains(name)) {
                return CompletableFuture.failedFuture(new IOException("SERVFAIL for " + name));
            }
            return CompletableFuture.completedFuture(records.getOrDefault(name, List.of()));
        }
    }
}
