package dev.mta.smtpd.wire;

import static dev.mta.smtpd.wire.Wire.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.smtp.Replies;
import dev.mta.smtpd.wire.SmtpLine.CommandLine;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class DataDecoderTest {

    private static final DataPolicy STRICT = DataPolicy.DEFAULT;
    private static final DataPolicy NORMALIZE = DataPolicy.DEFAULT.withNormalizeBareLineEnds(true);

    /** SECURITY.md S-01a: every published smuggling sequence. */
    static final List<String> SMUGGLING = List.of("\n.\n", "\n.\r\n", "\r.\r", "\r.\r\n", "\r\n.\r", "\r\n.\n",
            "\r.\n", "\n.\r", "\r\n.\r\r\n", "\r\r\n.\r\r\n", "\r\n\0.\r\n");

    private static final String FIRST = "From: a@remote.test\r\nSubject: one\r\n\r\nbody\r\n";
    private static final String SMUGGLED = "mail FROM:<smuggled@remote.test>\r\nrcpt TO:<u@ours.test>\r\ndata\r\n"
            + "From: smuggled@remote.test\r\nSubject: two\r\n\r\nsmuggled\r\n.\r\n";

    static Stream<Arguments> smuggling() {
        List<Arguments> cases = new ArrayList<>();
        for (String sequence : SMUGGLING) {
            cases.add(Arguments.of(sequence, STRICT));
            cases.add(Arguments.of(sequence, NORMALIZE));
        }
        return cases.stream();
    }

    /**
     * S-01a: nothing after a fake end-of-data is ever a command. Only the QUIT after the real end comes out as
     * a line, at every single split point of the stream; the message is refused (550 5.6.0) or, when
     * normalized or free of bare line ends, carries the smuggled commands as content.
     */
    @ParameterizedTest
    @MethodSource("smuggling")
    void smuggledCommandsStayInsideTheData(String sequence, DataPolicy policy) {
        for (String smuggled : List.of(SMUGGLED, "\r\nMAIL FROM:<x@y>\r\n.\r\n")) {
            byte[] input = bytes(FIRST + sequence + smuggled + "QUIT\r\n");
            DataReference.Result expected = DataReference.run(input, policy);
            for (int cut = 0; cut <= input.length; cut++) {
                Wire.Run run = Wire.data(policy, Wire.cut(input, cut));
                DataEnd end = run.dataEnd();
                assertEquals(List.of(new CommandLine("QUIT")), run.linesAfter(), "cut at " + cut);
                assertEquals(expected.rejection(), end.rejection());
                if (end.accepted()) {
                    String content = run.text();
                    assertTrue(content.contains("smuggled") || content.contains("MAIL FROM:<x@y>"));
                    assertArrayEquals(expected.stored(), run.content());
                } else {
                    assertEquals(Optional.of(Replies.BARE_LINE_ENDING), end.rejection());
                }
            }
        }
    }

    /** S-01b: the legal end mark split at every pair of points gives one message end, the same content. */
    @Test
    void endMarkSplitAnywhereEndsOnce() {
        byte[] input = bytes("Subject: x\r\n\r\nbody\r\n.\r\nNOOP\r\n");
        for (int a = 0; a <= input.length; a++) {
            for (int b = a; b <= input.length; b++) {
                Wire.Run run = Wire.data(STRICT, Wire.cut(input, a, b));
                assertEquals(new DataEnd(Optional.empty(), 20), run.dataEnd(), a + "/" + b);
                assertEquals("Subject: x\r\n\r\nbody\r\n", run.text());
                assertEquals(List.of(new CommandLine("NOOP")), run.linesAfter());
            }
        }
    }

    @Test
    void oneOctetAtATime() {
        byte[] input = bytes("a\r\n..b\r\n.\r\n");
        List<byte[]> pieces = new ArrayList<>();
        for (byte b : input) {
            pieces.add(new byte[] {b});
        }
        Wire.Run run = Wire.data(STRICT, pieces);
        assertEquals("a\r\n.b\r\n", run.text());
        assertEquals(new DataEnd(Optional.empty(), 7), run.dataEnd());
    }

    static Stream<Arguments> unstuffing() {
        return Stream.of(
                Arguments.of(".\r\n", ""),
                Arguments.of("..\r\n.\r\n", ".\r\n"),
                Arguments.of("..hello\r\n.\r\n", ".hello\r\n"),
                Arguments.of("...\r\n.\r\n", "..\r\n"),
                Arguments.of(". \r\n.\r\n", " \r\n"),
                Arguments.of("a.\r\n.b\r\n.\r\n", "a.\r\nb\r\n"),
                Arguments.of("\r\n.\r\n", "\r\n"),
                // An empty message cannot hide a second end.
                Arguments.of(".\r\n.\r\n", ""));
    }

    /** S-01c and RFC 5321 section 4.5.2; the first line starts right after the 354. */
    @ParameterizedTest
    @MethodSource("unstuffing")
    void dotUnstuffing(String input, String content) {
        Wire.Run run = Wire.data(STRICT, input);
        assertEquals(content, run.text());
        assertTrue(run.dataEnd().accepted());
    }

    @Test
    void octetsAfterTheEndAreLeftForTheNextDecoder() {
        Wire.Run run = Wire.data(STRICT, "x\r\n.\r\nMAIL FROM:<a@b>\r\nQUIT\r\n");
        assertEquals("x\r\n", run.text());
        assertEquals(List.of(new CommandLine("MAIL FROM:<a@b>"), new CommandLine("QUIT")), run.linesAfter());
    }

    @Test
    void noEndNoDataEnd() {
        Wire.Run run = Wire.data(STRICT, "a\r\nb\n.\nc\r.\r");
        assertTrue(run.ends().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\nb\r\n.\r\n", "a\rb\r\n.\r\n", "a\r\r\n.\r\n", "\n.\r\n.\r\n", "x\r\n.\r\r\n.\r\n"})
    void bareLineEndsAreRefusedAfterTheRealEnd(String input) {
        Wire.Run run = Wire.data(STRICT, input);
        assertEquals(Optional.of(Replies.BARE_LINE_ENDING), run.dataEnd().rejection());
        assertTrue(run.linesAfter().isEmpty());
    }

    static Stream<Arguments> normalization() {
        return Stream.of(
                Arguments.of("a\nb\r\n.\r\n", "a\r\nb\r\n"),
                Arguments.of("a\rb\r\n.\r\n", "a b\r\n"),
                Arguments.of("a\r\r\n.\r\n", "a \r\n"),
                // After a normalized line end the dot is content, and ".\r\n" there does not end the data.
                Arguments.of("a\n.\r\nb\r\n.\r\n", "a\r\n.\r\nb\r\n"),
                Arguments.of("a\n..b\r\n.\r\n", "a\r\n..b\r\n"));
    }

    @ParameterizedTest
    @MethodSource("normalization")
    void normalizesBareLineEndsWhenAsked(String input, String content) {
        Wire.Run run = Wire.data(NORMALIZE, input);
        assertEquals(content, run.text());
        assertTrue(run.dataEnd().accepted());
    }

    @Test
    void lineLengthLimitAtItsEdge() {
        String ok = "x".repeat(998);
        assertTrue(Wire.data(STRICT, ok + "\r\n.\r\n").dataEnd().accepted());
        assertTrue(Wire.data(STRICT, "." + ok + "\r\n.\r\n").dataEnd().accepted(), "the stuffed dot does not count");
        DataEnd tooLong = Wire.data(STRICT, "a\r\n" + ok + "y\r\nz\r\n.\r\n").dataEnd();
        assertEquals(Optional.of(Replies.LINE_OVER_998_OCTETS), tooLong.rejection());
        assertTrue(Wire.data(STRICT.withEnforceLineLength(false), ok + "y\r\n.\r\n").dataEnd().accepted());
    }

    @Test
    void receivedLimitAtItsEdge() {
        String body = "\r\nbody\r\nReceived: not a header\r\n.\r\n";
        assertTrue(Wire.data(STRICT, "Received: x\r\n".repeat(99) + body).dataEnd().accepted());
        assertEquals(Optional.of(Replies.TOO_MANY_HOPS),
                Wire.data(STRICT, "Received: x\r\n".repeat(99) + "RECEIVED :y\r\n" + body).dataEnd().rejection());
        assertTrue(Wire.data(STRICT, "Received: x\r\n".repeat(99) + "X-Received: y\r\n\tReceived: z\r\n" + body)
                .dataEnd().accepted(), "other names and continuation lines do not count");
        assertEquals(Optional.of(Replies.TOO_MANY_HOPS),
                Wire.data(STRICT.withReceivedLimit(3), "received:\r\nReceived: a\r\nReceived\t: b\r\n\r\n.\r\n")
                        .dataEnd().rejection());
    }

    @Test
    void sizeLimitStopsContentButReadsToTheEnd() {
        DataPolicy small = STRICT.withMaxMessageOctets(10);
        Wire.Run exact = Wire.data(small, "12345678\r\n.\r\n");
        assertEquals(new DataEnd(Optional.empty(), 10), exact.dataEnd());
        Wire.Run over = Wire.data(small, "123456789\r\n" + "y".repeat(5000) + "\r\n.\r\nQUIT\r\n");
        assertEquals(new DataEnd(Optional.of(Replies.MESSAGE_TOO_BIG), 5013), over.dataEnd());
        assertTrue(over.content().length <= 10);
        assertEquals(List.of(new CommandLine("QUIT")), over.linesAfter());
    }

    @Test
    void contentComesInBoundedChunks() {
        Wire.Run run = Wire.data(STRICT.withChunkOctets(16), ("y".repeat(100) + "\r\n").repeat(10) + ".\r\n");
        assertEquals(16, run.largestChunk());
        assertEquals(1020, run.content().length);
        assertTrue(run.dataEnd().accepted());
    }

    @Test
    void sizeCountsInLong() {
        DataPolicy huge = STRICT.withMaxMessageOctets(Long.MAX_VALUE);
        assertTrue(Wire.data(huge, "a\r\n.\r\n").dataEnd().accepted());
    }

    @Test
    void differentialAgainstTheReference() {
        String[] parts = {"a", ".", "\r", "\n", "\r\n", "Received: x", " ", "..", "\0"};
        java.util.Random random = new java.util.Random(5321);
        for (int n = 0; n < 3000; n++) {
            StringBuilder input = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                input.append(parts[random.nextInt(parts.length)]);
            }
            input.append("\r\n.\r\n");
            DataPolicy policy = random.nextBoolean() ? NORMALIZE : STRICT.withReceivedLimit(2);
            check(bytes(input.toString()), policy, random);
        }
    }

    static void check(byte[] input, DataPolicy policy, java.util.Random random) {
        DataReference.Result expected = DataReference.run(input, policy);
        int cuts = random.nextInt(4);
        int[] at = random.ints(cuts, 0, input.length + 1).sorted().toArray();
        Wire.Run run = Wire.data(policy, Wire.cut(input, at));
        if (expected.consumed() < 0) {
            assertTrue(run.ends().isEmpty());
            return;
        }
        DataEnd end = run.dataEnd();
        assertEquals(expected.rejection(), end.rejection());
        assertEquals(expected.size(), end.size());
        if (end.accepted()) {
            assertArrayEquals(expected.stored(), run.content());
            assertFalse(hasBareLineEnd(run.content()));
        } else {
            assertArrayEquals(java.util.Arrays.copyOf(expected.stored(), run.content().length), run.content(),
                    "what was emitted before the refusal is a prefix of the content");
        }
    }

    static boolean hasBareLineEnd(byte[] content) {
        for (int i = 0; i < content.length; i++) {
            boolean crlf = content[i] == '\r' && i + 1 < content.length && content[i + 1] == '\n';
            if (content[i] == '\r' && !crlf) {
                return true;
            }
            if (content[i] == '\n' && (i == 0 || content[i - 1] != '\r')) {
                return true;
            }
        }
        return false;
    }
}
