package dev.mta.smtpd.wire;

import static dev.mta.smtpd.wire.Wire.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mta.core.smtp.Replies;
import dev.mta.smtpd.wire.SmtpLine.CommandLine;
import dev.mta.smtpd.wire.SmtpLine.RejectedLine;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SmtpLineDecoderTest {

    private static final SmtpLine BARE = new RejectedLine(WireReplies.BARE_LINE_ENDING_IN_COMMAND);
    private static final SmtpLine TOO_LONG = new RejectedLine(Replies.LINE_TOO_LONG);

    private static CommandLine line(String text) {
        return new CommandLine(text);
    }

    /** Every input is also fed one octet at a time and cut at every point: the result must not change. */
    static Stream<Arguments> framing() {
        return Stream.of(
                Arguments.of("EHLO c.test\r\n", List.of(line("EHLO c.test"))),
                Arguments.of("NOOP\r\nQUIT\r\n", List.of(line("NOOP"), line("QUIT"))),
                Arguments.of("\r\n", List.of(line(""))),
                Arguments.of("NOOP", List.of()),
                Arguments.of("NOOP\r", List.of()),
                // S-01: a bare LF ends nothing; the line runs to the next CRLF and is refused once.
                Arguments.of("MAIL FROM:<a@b>\n", List.of()),
                Arguments.of("MAIL FROM:<a@b>\nRCPT TO:<c@d>\r\nQUIT\r\n", List.of(BARE, line("QUIT"))),
                Arguments.of("NOOP\rMAIL FROM:<x@y>\r\n", List.of(BARE)),
                Arguments.of("NOOP\r\rQUIT\r\nNOOP\r\n", List.of(BARE, line("NOOP"))),
                Arguments.of("\n\r\n", List.of(BARE)),
                Arguments.of("\r\r\n", List.of(BARE)),
                Arguments.of("A\n\n\n\r\nB\r\n", List.of(BARE, line("B"))),
                // S-13: a CR inside EHLO is never a header line of its own.
                Arguments.of("EHLO a\rX-Injected: 1\r\n", List.of(BARE)),
                Arguments.of("EHLO \u00fc.test\r\n", List.of(line("EHLO \u00fc.test"))));
    }

    @ParameterizedTest
    @MethodSource("framing")
    void framesOnCrlfOnly(String input, List<SmtpLine> expected) {
        byte[] octets = input.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected, decode(new SmtpLineDecoder(), List.of(octets)));
        List<byte[]> single = new ArrayList<>();
        for (byte b : octets) {
            single.add(new byte[] {b});
        }
        assertEquals(expected, decode(new SmtpLineDecoder(), single), "one octet at a time");
        for (int cut = 1; cut < octets.length; cut++) {
            assertEquals(expected, decode(new SmtpLineDecoder(), Wire.cut(octets, cut)), "cut at " + cut);
        }
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] input = {'E', 'H', 'L', 'O', ' ', (byte) 0xC3, '(', '\r', '\n'};
        assertEquals(List.of(new RejectedLine(WireReplies.INVALID_UTF8_IN_COMMAND)),
                decode(new SmtpLineDecoder(), List.of(input)));
    }

    @Test
    void lineOfExactly512OctetsIsAcceptedAnd513Refused() {
        String ok = "NOOP " + "x".repeat(512 - 2 - 5);
        String tooLong = ok + "x";
        assertEquals(List.of(line(ok), TOO_LONG, line("QUIT")),
                decode(new SmtpLineDecoder(), List.of(bytes(ok + "\r\n" + tooLong + "\r\nQUIT\r\n"))));
    }

    @Test
    void excessIsDiscardedWithoutBuffering() {
        SmtpLineDecoder decoder = new SmtpLineDecoder();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(Unpooled.copiedBuffer(bytes("EHLO " + "x".repeat(600))));
        for (int i = 0; i < 100; i++) {
            channel.writeInbound(Unpooled.copiedBuffer(bytes("y".repeat(1000))));
            assertEquals(0, decoder.bufferedBytes(), "nothing of an over-long line is kept");
        }
        channel.writeInbound(Unpooled.copiedBuffer(bytes("z\r")));
        assertEquals(1, decoder.bufferedBytes(), "only a CR that may start the CRLF");
        channel.writeInbound(Unpooled.copiedBuffer(bytes("\nQUIT\r\n")));
        assertEquals(TOO_LONG, channel.readInbound());
        assertEquals(line("QUIT"), channel.readInbound());
        assertFalse(channel.finish());
    }

    @Test
    void authLinesGetTheLargerLimit() {
        String auth = "AUTH PLAIN " + "A".repeat(12288 - 2 - 11);
        String authTooLong = auth + "A";
        String noop = "NOOP " + "A".repeat(600);
        assertEquals(List.of(line(auth), TOO_LONG, TOO_LONG),
                decode(new SmtpLineDecoder(), List.of(bytes(auth + "\r\n" + authTooLong + "\r\n" + noop + "\r\n"))));
    }

    @Test
    void saslResponsesAreRefusedWith556() {
        SmtpLineDecoder decoder = new SmtpLineDecoder();
        decoder.expectAuthResponse(true);
        String response = "A".repeat(2000);
        String tooLong = "A".repeat(20000);
        assertEquals(List.of(line(response), new RejectedLine(Replies.AUTH_LINE_TOO_LONG)),
                decode(decoder, List.of(bytes(response + "\r\n" + tooLong + "\r\n"))));
    }

    /** S-04 / CVE-2011-0411: the octets after STARTTLS in the same segment are visible before TLS starts. */
    @Test
    void bytesAfterStartTlsAreReported() {
        SmtpLineDecoder decoder = new SmtpLineDecoder();
        List<Integer> heldAtStartTls = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new io.netty.channel.ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(io.netty.channel.ChannelHandlerContext ctx, Object msg) {
                if (msg.equals(line("STARTTLS"))) {
                    heldAtStartTls.add(decoder.bufferedBytes());
                }
            }
        });
        channel.writeInbound(Unpooled.copiedBuffer(bytes("STARTTLS\r\nRSET\r\n")));
        channel.writeInbound(Unpooled.copiedBuffer(bytes("STARTTLS\r\n")));
        assertEquals(List.of(6, 0), heldAtStartTls);
        assertFalse(channel.finish());
    }

    @Test
    void limitsAreChecked() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new SmtpLineDecoder(511, 12288));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new SmtpLineDecoder(1000, 999));
    }

    static List<SmtpLine> decode(SmtpLineDecoder decoder, List<byte[]> pieces) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        List<SmtpLine> lines = new ArrayList<>();
        for (byte[] piece : pieces) {
            channel.writeInbound(Unpooled.copiedBuffer(piece));
            for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
                lines.add((SmtpLine) m);
            }
        }
        assertFalse(channel.finish());
        return lines;
    }
}
