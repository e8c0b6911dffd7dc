package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecordCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SECURITY.md R-04: planted corruption is quarantined with a reason, good messages survive, start goes on. */
class CorruptionRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void plantedCorruptionIsQuarantinedAndGoodMessagesSurvive() throws Exception {
        List<QueueId> good;
        try (QueueStore store = Spools.openRecovered(dir)) {
            good = List.of(
                    Spools.store(store, TestEnvelopes.simple(), "", Spools.content(1)),
                    Spools.store(store, TestEnvelopes.simple(), "", Spools.content(2)),
                    Spools.store(store, TestEnvelopes.simple(), "", Spools.content(3)));
        }
        Path log = dir.resolve("log");
        Path incoming = dir.resolve("incoming");
        Path first = log.resolve("0000000000000001.seg");
        byte[] segment = Files.readAllBytes(first);

        // Bad checksum: flip one content byte of the middle message.
        int second = indexOf(segment, ("mta2 M " + good.get(1).value()).getBytes(StandardCharsets.US_ASCII));
        segment[second + 600] ^= 0x20;
        // Torn tail: the first half of a frame appended after the last one, as a crash mid-commit leaves it.
        byte[] torn = Arrays.copyOf(segment, segment.length + 300);
        System.arraycopy(segment, 0, torn, segment.length, 300);
        Files.write(first, torn);

        // A segment with a frame whose record is garbage UTF-8 under a valid frame checksum, then a good frame.
        QueueId planted = new QueueId("0000000000000Z");
        QueueId garbled = new QueueId("0000000000000Y");
        byte[] garbage = sealed("version: 1\nid: \u00ff\u00fe\n".getBytes(StandardCharsets.ISO_8859_1));
        SpoolKey key = FrameBytes.keyOf(dir);
        ByteArrayOutputStream s50 = new ByteArrayOutputStream();
        s50.write(frame(key, 50, 0, garbled, garbage, "garbled"));
        s50.write(frame(key, 50, s50.size(), planted,
                RecordCodec.encode(QueueRecord.accepted(planted, TestEnvelopes.simple())), "kept"));
        Files.write(log.resolve("0000000000000050.seg"), s50.toByteArray());
        // An envelope without content: a frame cut short with nothing after it, alone in its segment.
        Files.write(log.resolve("0000000000000051.seg"), Arrays.copyOf(s50.toByteArray(), 40));
        Files.createFile(log.resolve("0000000000000052.seg"));
        Files.writeString(log.resolve("notes.txt"), "not a segment");
        Files.createDirectory(log.resolve("..."));
        Files.createSymbolicLink(log.resolve("0000000000000060.seg"), Path.of("/etc/passwd"));
        // incoming/: a stale half-written entry, odd names, a link to the password file.
        Files.writeString(incoming.resolve("00000000000001"), "content without envelope");
        Files.writeString(incoming.resolve("..%2F..%2Fetc%2Fpasswd"), "x");
        Files.writeString(incoming.resolve("..."), "x");
        Files.createSymbolicLink(incoming.resolve("00000000000002"), Path.of("/etc/passwd"));
        byte[] passwd = Files.readAllBytes(Path.of("/etc/passwd"));

        try (QueueStore store = Spools.openRecovered(dir)) {
            assertEquals(Set.of(good.get(0), good.get(2), planted), Set.copyOf(store.ids()));
            assertEquals(Spools.content(1), Spools.read(store, good.get(0)));
            assertEquals(Spools.content(3), Spools.read(store, good.get(2)));
            assertEquals("kept", Spools.read(store, planted));
        }
        assertArrayEquals(passwd, Files.readAllBytes(Path.of("/etc/passwd")), "the link target is untouched");
        try (Stream<Path> left = Files.list(incoming)) {
            assertEquals(0, left.count(), "incoming/ is empty after start");
        }
        Path corrupt = dir.resolve("corrupt");
        Set<String> names;
        try (Stream<Path> files = Files.list(corrupt)) {
            names = files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        for (String expected : List.of("notes.txt", Quarantine.safe("..."), "0000000000000060.seg",
                Quarantine.safe("..%2F..%2Fetc%2Fpasswd"), "00000000000002")) {
            assertTrue(names.contains(expected), expected + " in " + names);
            assertTrue(names.contains(expected + ".reason"), expected + ".reason in " + names);
        }
        assertTrue(Files.isSymbolicLink(corrupt.resolve("0000000000000060.seg")), "the link was moved, not followed");
        String checksumReason = reasonContaining(corrupt, "0000000000000001.seg@");
        assertTrue(checksumReason.contains("frame tag mismatch"), checksumReason);
        String utf8Reason = reasonContaining(corrupt, "0000000000000050.seg@0");
        assertTrue(utf8Reason.contains("not valid UTF-8"), utf8Reason);
        assertFalse(names.stream().anyMatch(n -> n.startsWith("0000000000000051")),
                "a torn tail is discarded, not quarantined: it was never acknowledged");
        // The quarantined links point outside the temp directory: remove them here, never their target.
        Files.delete(corrupt.resolve("0000000000000060.seg"));
        Files.delete(corrupt.resolve("00000000000002"));
    }

    private static byte[] sealed(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] end = String.format("end: %08x\n", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(body, body.length + end.length);
        System.arraycopy(end, 0, out, body.length, end.length);
        return out;
    }

    private static String reasonContaining(Path corrupt, String prefix) throws Exception {
        try (Stream<Path> files = Files.list(corrupt)) {
            Path reason = files.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.getFileName().toString().endsWith(".reason"))
                    .findFirst().orElseThrow(() -> new AssertionError("no reason file for " + prefix));
            assertTrue(Files.isRegularFile(reason, LinkOption.NOFOLLOW_LINKS));
            return Files.readString(reason);
        }
    }

    /** A message frame exactly as the log writes one at that place, with a correct tag. */
    private static byte[] frame(SpoolKey key, long segment, long offset, QueueId id, byte[] record, String content) {
        return FrameBytes.frame(key, segment, offset, Frame.Kind.MESSAGE, id, record, new byte[0],
                content.getBytes(StandardCharsets.US_ASCII));
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
