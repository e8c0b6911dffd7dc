package dev.mta.queue.record;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.TestEnvelopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32C;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordCodecTest {

    private static final QueueId ID = new QueueId("0123456789ABCD");
    private static final Instant T = Instant.parse("2026-11-25T11:00:00Z");

    static QueueRecord hostileRecord() {
        String reply = "550-5.1.1 bad\0evil\r\nX-Injected: 1\r\n550 \rend: 0\n%41";
        return QueueRecord.accepted(ID, TestEnvelopes.hostile())
                .withState(0, RecipientState.deferred(3, T, T.plusSeconds(600), reply))
                .withState(1, RecipientState.failed(1, T, "553\r\n"))
                .withState(2, RecipientState.delivered(2, T, "250 ok \uD800 lone surrogate"));
    }

    @Test
    void simpleRecordRoundTrips() throws Exception {
        QueueRecord r = QueueRecord.accepted(ID, TestEnvelopes.simple("bob", "carol"));
        byte[] bytes = RecordCodec.encode(r);
        assertEquals(r, RecordCodec.decode(bytes));
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("version: 1\nid: 0123456789ABCD\n"), text);
        assertTrue(text.matches("(?s).*\nend: [0-9a-f]{8}\n"), text);
    }

    @Test
    void hostileValuesRoundTripAndNeverSplitALine() throws Exception {
        QueueRecord r = hostileRecord();
        byte[] bytes = RecordCodec.encode(r);
        QueueRecord back = RecordCodec.decode(bytes);
        assertEquals(r, back);
        // Record equality compares domains by A-label only: check the U-label and the reply text too.
        assertEquals("b\u00fccher.example", back.envelope().recipients().get(0).address().host().unicode());
        assertEquals(r.states().get(0).lastReply(), back.states().get(0).lastReply());
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            assertTrue(line.matches("[a-z0-9-]+: [^\\p{Cntrl}\u2028\u2029]*"), "line: " + line);
        }
        assertFalse(text.contains("\r"));
        assertFalse(text.contains("\0"));
        assertEquals(1, text.split("\nend: ", -1).length - 1, "exactly one end line");
        assertTrue(text.contains("rcpt-domain-utf8: b\u00fccher.example\n"), "U-labels stay readable");
    }

    @Test
    void randomRecordsRoundTrip() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            char[] chars = new char[random.nextInt(40)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = (char) random.nextInt(random.nextBoolean() ? 0x80 : 0x10000);
            }
            String reply = new String(chars);
            QueueRecord r = QueueRecord.accepted(ID, TestEnvelopes.hostile())
                    .withState(1, RecipientState.deferred(i, T, T.plusMillis(i), reply));
            assertEquals(reply, RecordCodec.decode(RecordCodec.encode(r)).states().get(1).lastReply().orElseThrow());
        }
    }

    @Test
    void everyTruncationIsRefused() throws Exception {
        byte[] bytes = RecordCodec.encode(hostileRecord());
        for (int len = 0; len < bytes.length; len++) {
            int n = len;
            assertThrows(CorruptRecordException.class, () -> RecordCodec.decode(bytes, 0, n), "length " + len);
        }
    }

    @Test
    void everySingleBitFlipIsRefused() throws Exception {
        byte[] bytes = RecordCodec.encode(QueueRecord.accepted(ID, TestEnvelopes.simple()));
        for (int i = 0; i < bytes.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] copy = bytes.clone();
                copy[i] ^= (byte) (1 << bit);
                assertThrows(CorruptRecordException.class, () -> RecordCodec.decode(copy),
                        "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void randomGarbageIsRefused() {
        Random random = new Random(7);
        for (int i = 0; i < 500; i++) {
            byte[] garbage = new byte[random.nextInt(300)];
            random.nextBytes(garbage);
            assertThrows(CorruptRecordException.class, () -> RecordCodec.decode(garbage));
        }
    }

    /** Edits the text of a valid record and re-seals it with a correct checksum, so only the content is wrong. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "version: 1|version: 2|unknown version",
            "held: no|held: maybe|expected yes or no",
            "held: no|held: no\\nflavour: vanilla|expected 'arrival'",
            "state: pending|state: lost|unknown recipient state",
            "attempts: 0|attempts: 00|not a number",
            "attempts: 0|attempts: -1|not a number",
            "recipients: 1|recipients: 2|record ends early",
            "recipients: 1|recipients: 0|no recipients",
            "channel: smtp|channel: carrier-pigeon|unknown channel",
            "rcpt-domain: example.org|rcpt-literal: evil.example|bad address literal",
            "helo: client.test|helo: client%0|truncated escape",
            "helo: client.test|helo: client%0a|bad escape",
            "helo: client.test|helo: client%41|non-canonical",
            "helo: client.test|helo: client\ttab|control character",
            "arrival: 2026-11-25T10:15:30.123456789Z|arrival: yesterday|not a time",
            "body: 7BIT|body: 9BIT|unknown body type",
            "attempts: 0|attempts: 0\\nattempts: 0|unexpected key",
    })
    void wrongContentWithAValidChecksumIsRefusedWithAReason(String from, String to, String reason) {
        String text = new String(RecordCodec.encode(QueueRecord.accepted(ID, TestEnvelopes.simple())),
                StandardCharsets.UTF_8);
        assertTrue(text.contains(from + "\n"), from);
        String body = text.substring(0, text.lastIndexOf("end: ")).replace(from + "\n", to.replace("\\n", "\n") + "\n");
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> RecordCodec.decode(seal(body)));
        assertTrue(e.reason().contains(reason), e.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u00ff\u00fe", "\u00c3\u0028", "\u00ed\u00a0\u0080"})
    void invalidUtf8IsRefused(String latin1Bytes) {
        byte[] body = ("version: 1\nid: 0123456789ABCD\nhelo: " + latin1Bytes + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        CorruptRecordException e = assertThrows(CorruptRecordException.class, () -> RecordCodec.decode(seal(body)));
        assertEquals("not valid UTF-8", e.reason());
    }

    @Test
    void aWrongChecksumIsRefused() {
        byte[] bytes = RecordCodec.encode(QueueRecord.accepted(ID, TestEnvelopes.simple()));
        String text = new String(bytes, StandardCharsets.UTF_8);
        String wrong = text.substring(0, text.length() - 9) + "00000000\n";
        CorruptRecordException e = assertThrows(CorruptRecordException.class,
                () -> RecordCodec.decode(wrong.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.reason().startsWith("checksum mismatch"), e.reason());
    }

    @Test
    void bytesAfterTheEndLineAreRefused() {
        byte[] bytes = RecordCodec.encode(QueueRecord.accepted(ID, TestEnvelopes.simple()));
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 2);
        longer[bytes.length] = 'x';
        longer[bytes.length + 1] = '\n';
        assertThrows(CorruptRecordException.class, () -> RecordCodec.decode(longer));
        assertArrayEquals(bytes, RecordCodec.encode(QueueRecord.accepted(ID, TestEnvelopes.simple())),
                "encoding is deterministic");
    }

    private static byte[] seal(String body) {
        return seal(body.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] seal(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] end = String.format("end: %08x\n", crc.getValue()).getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(body, body.length + end.length);
        System.arraycopy(end, 0, out, body.length, end.length);
        return out;
    }
}
