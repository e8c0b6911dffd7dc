package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecordCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ADR 0002's open doubt, closed: a sender writes bytes into a message that form a complete frame for another
 * id; the frame around them is then damaged, so recovery resynchronises inside the content. The embedded
 * frame must never be taken for real.
 */
class ForgedFrameTest {

    @TempDir
    Path dir;

    @Test
    void framesEmbeddedInContentAreNeverIndexedAfterTheFrameAroundThemIsDamaged() throws Exception {
        QueueId before;
        QueueId forger;
        QueueId after;
        QueueId guessedKey = new QueueId("0000000000000F");
        QueueId replayed = new QueueId("0000000000000G");
        QueueId oldFormat = new QueueId("0000000000000H");
        try (QueueStore store = Spools.openRecovered(dir)) {
            before = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(1));
            SpoolKey real = FrameBytes.keyOf(dir);
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            content.writeBytes("Subject: hello\r\n\r\nsee below\r\n".getBytes(StandardCharsets.US_ASCII));
            // A sender's best guess: a frame with a key of its own.
            content.writeBytes(FrameBytes.frame(SpoolKey.random(new SecureRandom()), 1, 0, Frame.Kind.MESSAGE,
                    guessedKey, record(guessedKey), new byte[0], "forged 1\r\n".getBytes(StandardCharsets.US_ASCII)));
            // Stronger than any sender: a frame tagged with the spool's own key, but for another place (as a
            // genuine frame copied into a message would be).
            content.writeBytes(FrameBytes.frame(real, 1, 0, Frame.Kind.MESSAGE, replayed, record(replayed),
                    new byte[0], "forged 2\r\n".getBytes(StandardCharsets.US_ASCII)));
            // What this attack looked like before frames were keyed: the old line with a plain CRC32C.
            content.writeBytes(oldFrame(oldFormat, record(oldFormat), "forged 3\r\n"));
            content.writeBytes("end of the message\r\n".getBytes(StandardCharsets.US_ASCII));
            forger = Spools.store(store, TestEnvelopes.simple(), "", content.toString(StandardCharsets.ISO_8859_1));
            after = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(3));
        }
        Path segment = dir.resolve("log").resolve("0000000000000001.seg");
        byte[] bytes = Files.readAllBytes(segment);
        // Damage the forger's own frame line, so the scan has to search for the next frame line.
        int line = indexOf(bytes, ("mta2 M " + forger.value()).getBytes(StandardCharsets.US_ASCII));
        bytes[line + 5] = 'X';
        Files.write(segment, bytes);

        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(Set.of(before, after), Set.copyOf(store.ids()));
            for (QueueId forged : List.of(guessedKey, replayed, oldFormat)) {
                assertTrue(store.record(forged).isEmpty(), forged + " is not queued");
            }
            assertEquals(Spools.content(3), Spools.read(store, after));
        }
        try (Stream<Path> reasons = Files.list(dir.resolve("corrupt"))) {
            List<String> texts = reasons.filter(p -> p.getFileName().toString().endsWith(".reason"))
                    .map(p -> {
                        try {
                            return Files.readString(p);
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).toList();
            assertEquals(1, texts.size(), "the damaged frame with its content is quarantined once: " + texts);
            assertTrue(texts.get(0).contains("0000000000000001.seg offset " + line), texts.get(0));
        }
    }

    @Test
    void theKeyIsMadeOnceAndAMissingKeyStopsTheOpenInsteadOfDroppingTheQueue() throws Exception {
        QueueId id;
        try (QueueStore store = Spools.openRecovered(dir)) {
            id = Spools.store(store, TestEnvelopes.simple(), "", Spools.content(1));
        }
        Path key = dir.resolve(SpoolKey.FILE);
        byte[] first = Files.readAllBytes(key);
        assertEquals(SpoolKey.LENGTH, first.length);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(key)));
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(List.of(id), store.ids());
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(first, Files.readAllBytes(key), "the key never changes");

        Files.move(key, dir.resolve("key.saved"));
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> Spools.open(dir));
        assertTrue(e.getMessage().contains("spool.key is missing"), e.getMessage());
        Files.move(dir.resolve("key.saved"), key);
        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(List.of(id), store.ids(), "nothing was dropped while the key was away");
        }
    }

    private static byte[] record(QueueId id) {
        return RecordCodec.encode(QueueRecord.accepted(id, TestEnvelopes.simple("victim")));
    }

    /** A frame in the format used before frames were keyed: {@code mta1}, CRC32C over line and payload. */
    private static byte[] oldFrame(QueueId id, byte[] record, String content) {
        byte[] body = content.getBytes(StandardCharsets.US_ASCII);
        byte[] prefix = ("mta1 M " + id.value() + " " + record.length + " 0 " + body.length + " ")
                .getBytes(StandardCharsets.US_ASCII);
        CRC32C crc = new CRC32C();
        crc.update(prefix);
        crc.update(record);
        crc.update(body);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(String.format("%08x\n", crc.getValue()).getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(record);
        out.writeBytes(body);
        out.write('\n');
        return out.toByteArray();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (haystack[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
