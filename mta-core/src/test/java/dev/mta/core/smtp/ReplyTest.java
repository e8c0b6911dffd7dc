package dev.mta.core.smtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyTest {

    static Stream<Arguments> wireForms() {
        return Stream.of(
                Arguments.of(Reply.of(250, "2.1.0", "Sender ok"), "250 2.1.0 Sender ok\r\n"),
                Arguments.of(Reply.withoutStatus(354, "End data with <CR><LF>.<CR><LF>"),
                        "354 End data with <CR><LF>.<CR><LF>\r\n"),
                // RFC 2034 section 4: the status code on every line of a multi-line reply.
                Arguments.of(Reply.of(550, "5.7.1", "first", "second", "third"),
                        "550-5.7.1 first\r\n550-5.7.1 second\r\n550 5.7.1 third\r\n"),
                Arguments.of(Reply.withoutStatus(250, "mx.example.org", "PIPELINING", "SIZE 36700160"),
                        "250-mx.example.org\r\n250-PIPELINING\r\n250 SIZE 36700160\r\n"),
                // RFC 4954 section 4: an empty challenge keeps its space.
                Arguments.of(Reply.withoutStatus(334, ""), "334 \r\n"),
                Arguments.of(Reply.withoutStatus(250, "", "last"), "250-\r\n250 last\r\n"),
                Arguments.of(Reply.of(250, "2.0.0", ""), "250 2.0.0 \r\n"),
                Arguments.of(Reply.of(421, "4.4.2", "tab\tinside"), "421 4.4.2 tab\tinside\r\n"),
                Arguments.of(Reply.of(559, "5.0.0", "x"), "559 5.0.0 x\r\n"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("wireForms")
    void rendersTheWireForm(Reply reply, String wire) {
        assertEquals(wire, reply.toWire());
        assertEquals(wire.length(), reply.wireLength());
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("wireForms")
    void encodesTheSameOctetsIntoAByteBuf(Reply reply, String wire) {
        for (var allocator : List.of(UnpooledByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT)) {
            ByteBuf buf = reply.encode(allocator);
            try {
                assertEquals(wire, buf.toString(StandardCharsets.US_ASCII));
            } finally {
                buf.release();
            }
        }
    }

    @Test
    void encodeToAppendsAtTheWriterIndex() {
        ByteBuf out = UnpooledByteBufAllocator.DEFAULT.buffer(4);
        try {
            out.writeCharSequence("xx", StandardCharsets.US_ASCII);
            Replies.OK.encodeTo(out);
            Replies.BYE.encodeTo(out);
            assertEquals("xx250 2.0.0 Ok\r\n221 2.0.0 Bye\r\n", out.toString(StandardCharsets.US_ASCII));
        } finally {
            out.release();
        }
    }

    @Test
    void toStringIsOneLogLine() {
        assertEquals("250 2.0.0 Ok", Replies.OK.toString());
        assertEquals("550-5.7.1 a 550 5.7.1 b", Reply.of(550, "5.7.1", "a", "b").toString());
    }

    @ParameterizedTest(name = "text with U+{0}")
    @ValueSource(ints = {'\r', '\n', 0, 0x01, 0x08, 0x0B, 0x0C, 0x1B, 0x1F, 0x7F, 0x80, 0xE9, 0x2028, 0xFEFF})
    void refusesControlAndNonAsciiCharactersInText(int c) {
        String bad = "before" + (char) c + "after";
        assertThrows(IllegalArgumentException.class, () -> Reply.of(250, "2.0.0", bad));
        assertThrows(IllegalArgumentException.class, () -> Reply.withoutStatus(354, bad));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(550, "5.0.0", "fine", bad));
    }

    @Test
    void refusesASecondReplySmuggledIntoTheText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reply.of(250, "2.0.0", "Ok\r\n250 2.0.0 forged"));
        assertFalse(e.getMessage().contains("\r\n"), e.getMessage());
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {-250, 0, 99, 100, 199, 260, 299, 360, 470, 580, 599, 600, 1250})
    void refusesCodesOutsideTheGrammar(int code) {
        assertThrows(IllegalArgumentException.class, () -> Reply.withoutStatus(code, "text"));
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {200, 211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 450, 451, 452, 454, 500, 501,
            502, 503, 504, 530, 535, 538, 550, 551, 552, 553, 554, 555, 559})
    void takesCodesOfTheGrammar(int code) {
        assertEquals(code, Reply.withoutStatus(code, "text").code());
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
            "250, 5.0.0",
            "250, 4.0.0",
            "450, 2.0.0",
            "450, 5.0.0",
            "550, 4.0.0",
            "550, 2.0.0",
            "354, 2.0.0",
            "334, 5.0.0",
    })
    void refusesAStatusOfAnotherClass(int code, String status) {
        assertThrows(IllegalArgumentException.class, () -> Reply.of(code, status, "text"));
    }

    @Test
    void needsAtLeastOneLineAndNoNulls() {
        assertThrows(IllegalArgumentException.class, () -> new Reply(250, Optional.empty(), List.of()));
        assertThrows(NullPointerException.class, () -> Reply.withoutStatus(250, "a", null));
        assertThrows(NullPointerException.class, () -> new Reply(250, null, List.of("a")));
    }

    @Test
    void linesAreCopied() {
        ArrayList<String> lines = new ArrayList<>(List.of("one"));
        Reply reply = new Reply(250, Optional.empty(), lines);
        lines.add("two\r\n");
        assertEquals(List.of("one"), reply.lines());
    }

    @Test
    void aLineMayFillButNotExceed512Octets() {
        // "550-5.7.1 " is 10 octets and CRLF 2: 500 octets of text make a line of exactly 512.
        String longest = "x".repeat(500);
        Reply reply = Reply.of(550, "5.7.1", longest, longest);
        assertTrue(reply.toWire().lines().allMatch(line -> line.length() + 2 == Reply.MAX_LINE_OCTETS));

        assertThrows(IllegalArgumentException.class, () -> Reply.of(550, "5.7.1", longest + "x"));
        assertThrows(IllegalArgumentException.class, () -> Reply.of(550, "5.7.11", longest));
        assertEquals(506, Reply.withoutStatus(250, "y".repeat(506)).toWire().length() - 2 - 4);
        assertThrows(IllegalArgumentException.class, () -> Reply.withoutStatus(250, "y".repeat(507)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(ints = {221, 250, 354, 421, 452, 550})
    void classifiesByFirstDigit(int code) {
        Reply reply = Reply.withoutStatus(code, "text");
        assertEquals(code / 100 == 2, reply.isPositiveCompletion());
        assertEquals(code / 100 == 3, reply.isPositiveIntermediate());
        assertEquals(code / 100 == 4, reply.isTransientFailure());
        assertEquals(code / 100 == 5, reply.isPermanentFailure());
    }
}
