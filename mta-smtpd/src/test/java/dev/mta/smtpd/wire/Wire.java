package dev.mta.smtpd.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Drives one of the wire decoders in an {@link EmbeddedChannel} the way a session will: input in the given
 * pieces, content collected, and after the end mark the decoder replaced by a {@link SmtpLineDecoder}, so the
 * octets it left behind show up as command lines.
 */
final class Wire {

    /** What came out: content, end marks, and the lines read after the end. */
    record Run(byte[] content, List<Object> ends, List<SmtpLine> linesAfter, int largestChunk) {

        String text() {
            return new String(content, StandardCharsets.ISO_8859_1);
        }

        DataEnd dataEnd() {
            assertEquals(1, ends.size(), "exactly one end of data");
            return (DataEnd) ends.get(0);
        }
    }

    private Wire() {
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The pieces of {@code input} cut before each index in {@code cuts} (ascending). */
    static List<byte[]> cut(byte[] input, int... cuts) {
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            pieces.add(Arrays.copyOfRange(input, from, cut));
            from = cut;
        }
        pieces.add(Arrays.copyOfRange(input, from, input.length));
        return pieces;
    }

    static Run data(DataPolicy policy, List<byte[]> pieces) {
        return run(new DataDecoder(policy), pieces, DataEnd.class);
    }

    static Run data(DataPolicy policy, String input) {
        return data(policy, List.of(bytes(input)));
    }

    static Run chunk(ChannelHandler decoder, List<byte[]> pieces) {
        return run(decoder, pieces, ChunkEnd.class);
    }

    private static Run run(ChannelHandler decoder, List<byte[]> pieces, Class<?> endType) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        List<Object> ends = new ArrayList<>();
        List<SmtpLine> lines = new ArrayList<>();
        int[] largest = {0};
        for (byte[] piece : pieces) {
            channel.writeInbound(Unpooled.copiedBuffer(piece));
            drain(channel, decoder, endType, content, ends, lines, largest);
        }
        assertFalse(channel.finish(), "nothing left over after finish()");
        drain(channel, decoder, endType, content, ends, lines, largest);
        return new Run(content.toByteArray(), ends, lines, largest[0]);
    }

    private static void drain(EmbeddedChannel channel, ChannelHandler decoder, Class<?> endType,
                              ByteArrayOutputStream content, List<Object> ends, List<SmtpLine> lines, int[] largest) {
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            if (message instanceof ByteBuf buf) {
                try {
                    assertTrue(ends.isEmpty(), "content after the end mark");
                    assertTrue(buf.isReadable(), "no empty chunks");
                    largest[0] = Math.max(largest[0], buf.readableBytes());
                    byte[] octets = new byte[buf.readableBytes()];
                    buf.readBytes(octets);
                    content.writeBytes(octets);
                } finally {
                    buf.release();
                }
            } else if (endType.isInstance(message)) {
                ends.add(message);
                // As the session will: the line decoder takes over, with what the decoder left unread.
                channel.pipeline().replace(decoder, "lines", new SmtpLineDecoder());
            } else if (message instanceof SmtpLine line) {
                lines.add(line);
            } else {
                fail("unexpected message " + message);
            }
        }
        assertNull(channel.readOutbound());
    }
}
