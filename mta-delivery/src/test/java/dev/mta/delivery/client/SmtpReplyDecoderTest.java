package dev.mta.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.smtp.Reply;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SmtpReplyDecoderTest {

    /** Decodes {@code wire} fed in pieces of {@code piece} octets; everything the decoder passed on. */
    static List<Object> decode(byte[] wire, int piece, SmtpReplyDecoder.Limits limits) {
        EmbeddedChannel channel = new EmbeddedChannel(new SmtpReplyDecoder(limits));
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < wire.length; i += piece) {
            channel.writeInbound(Unpooled.wrappedBuffer(wire, i, Math.min(piece, wire.length - i)));
            Object message;
            while ((message = channel.readInbound()) != null) {
                out.add(message);
            }
        }
        channel.finish();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add(message);
        }
        return out;
    }

    static List<Object> decode(String wire) {
        return decode(wire.getBytes(StandardCharsets.ISO_8859_1), Integer.MAX_VALUE, SmtpReplyDecoder.Limits.DEFAULT);
    }

    /** Well-formed replies; {@code \n} in the table stands for LF, {@code \r} for CR. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '250 ok\\r\\n'                                   | 250 ok
            '250 2.1.0 Sender ok\\r\\n'                       | 250 2.1.0 Sender ok
            '250-mx.test\\r\\n250-PIPELINING\\r\\n250 SIZE 10\\r\\n' | 250-mx.test 250-PIPELINING 250 SIZE 10
            '250-a\\r\\n250\\r\\n'                            | '250-a 250 '
            '553\\r\\n'                                      | '553 '
            '250-\\r\\n250 \\r\\n'                            | '250- 250 '
            '550-5.1.1 no\\r\\n550 5.1.1 such user\\r\\n'     | 550-5.1.1 no 550 5.1.1 such user
            '550 4.1.1 wrong class\\r\\n'                     | 550 4.1.1 wrong class
            '354 2.0.0 go ahead\\r\\n'                        | 354 2.0.0 go ahead
            '250 2.0.0\\r\\n'                                 | '250 2.0.0 '
            '250 tab\there\\r\\n'                            | 250 tab\there
            '250 back\\\\slash\\r\\n'                         | 250 back\\x5Cslash
            '559 edge\\r\\n'                                  | 559 edge
            """)
    void wellFormed(String wire, String expected) {
        List<Object> out = decode(unescape(wire));
        assertEquals(1, out.size(), out::toString);
        Reply reply = assertInstanceOf(Reply.class, out.get(0));
        assertEquals(unescape(expected), reply.toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '250 ok\\n'
            '250 ok\\rx\\r\\n'
            '250-a\\r\\n2\\r\\n'
            '25\\r\\n'
            '\\r\\n'
            '199 too low\\r\\n'
            '600 too high\\r\\n'
            '260 second digit\\r\\n'
            '2a0 letter\\r\\n'
            '250-a\\r\\n251 b\\r\\n'
            '250_a\\r\\n'
            '250-a\\r\\n250-b\\n250 c\\r\\n'
            """)
    void malformedGivesOneProtocolError(String wire) {
        List<Object> out = decode(unescape(wire));
        assertEquals(1, out.size(), out::toString);
        assertInstanceOf(ProtocolError.class, out.get(0));
    }

    @Test
    void nothingIsReadAfterAnError() {
        List<Object> out = decode("250 ok\r\n25x\r\n250 after\r\n");
        assertEquals(2, out.size());
        assertInstanceOf(Reply.class, out.get(0));
        assertInstanceOf(ProtocolError.class, out.get(1));
    }

    @Test
    void controlAndEightBitOctetsAreEscaped() {
        byte[] wire = {'2', '5', '0', ' ', 'a', 0x00, 0x1B, (byte) 0xC3, (byte) 0xA9, 0x7F, '\r', '\n'};
        Reply reply = (Reply) decode(wire, 1, SmtpReplyDecoder.Limits.DEFAULT).get(0);
        assertEquals("a\\x00\\x1B\\xC3\\xA9\\x7F", reply.lines().get(0));
    }

    @Test
    void aLongLineIsCutToFitAReply() {
        String text = "x".repeat(1500);
        Reply reply = (Reply) decode("250 " + text + "\r\n").get(0);
        assertTrue(reply.lines().get(0).endsWith("..."));
        assertTrue(reply.wireLength() <= Reply.MAX_LINE_OCTETS);
    }

    @Test
    void escapesAreNotCutInTwo() {
        String text = "\u0001".repeat(200);
        Reply reply = (Reply) decode("250 " + text + "\r\n").get(0);
        String line = reply.lines().get(0);
        assertTrue(line.endsWith("\\x01..."), line);
    }

    @Test
    void limitsOnLineLinesAndReply() {
        SmtpReplyDecoder.Limits small = new SmtpReplyDecoder.Limits(16, 3, 40);
        byte[] longLine = "250 0123456789abcdef\r\n".getBytes(StandardCharsets.US_ASCII);
        assertInstanceOf(ProtocolError.class, decode(longLine, 1, small).get(0));
        byte[] endless = "250 0123456789abcdef0123456789".getBytes(StandardCharsets.US_ASCII);
        List<Object> out = decode(endless, 1, small);
        assertEquals(1, out.size());
        assertInstanceOf(ProtocolError.class, out.get(0));
        byte[] manyLines = "250-a\r\n250-b\r\n250-c\r\n250 d\r\n".getBytes(StandardCharsets.US_ASCII);
        assertInstanceOf(ProtocolError.class, decode(manyLines, 3, small).get(0));
        byte[] threeLines = "250-a\r\n250-b\r\n250 c\r\n".getBytes(StandardCharsets.US_ASCII);
        assertInstanceOf(Reply.class, decode(threeLines, 3, small).get(0));
    }

    @Test
    void fragmentationDoesNotMatter() {
        byte[] wire = "220 mx ESMTP\r\n250-mx\r\n250-PIPELINING\r\n250 8BITMIME\r\n550 5.1.1 no\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        List<Object> whole = decode(wire, wire.length, SmtpReplyDecoder.Limits.DEFAULT);
        assertEquals(3, whole.size());
        for (int piece = 1; piece < wire.length; piece++) {
            assertEquals(whole, decode(wire, piece, SmtpReplyDecoder.Limits.DEFAULT), "piece " + piece);
        }
    }

    @Test
    void aPartialReplyAtTheEndIsNotPassedOn() {
        List<Object> out = decode("250-a\r\n250 b");
        assertTrue(out.isEmpty(), out::toString);
    }

    @Test
    void threeDigitReplyHasNoStatus() {
        Reply reply = (Reply) decode("553\r\n").get(0);
        assertFalse(reply.status().isPresent());
        assertEquals(List.of(""), reply.lines());
    }

    /** Table text: {@code \r}, {@code \n}, {@code \t} and {@code \\} stand for CR, LF, tab and a backslash. */
    static String unescape(String text) {
        return text.replace("\\\\", "\u0000").replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .replace("\u0000", "\\");
    }
}
