package dev.mta.smtpd.wire;

import static dev.mta.smtpd.wire.Wire.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.sink.BodyType;
import dev.mta.core.smtp.Replies;
import dev.mta.smtpd.wire.SmtpLine.CommandLine;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BdatDecoderTest {

    @Test
    void readsExactlyTheAnnouncedOctetsAndNothingInThem() {
        BdatTransfer transfer = new BdatTransfer(BodyType.EIGHT_BIT_MIME, DataPolicy.DEFAULT);
        byte[] input = bytes("a\r\n.\r\nMAIL FROM:<x@y>\r\nQUIT\r\n");
        for (int cut = 0; cut <= input.length; cut++) {
            BdatTransfer fresh = new BdatTransfer(BodyType.EIGHT_BIT_MIME, DataPolicy.DEFAULT);
            Wire.Run run = Wire.chunk(fresh.nextChunk(23, false), Wire.cut(input, cut));
            assertEquals("a\r\n.\r\nMAIL FROM:<x@y>\r\n", run.text(), "S-01c: .CRLF inside BDAT is data");
            assertEquals(List.of(new ChunkEnd(23, false, Optional.empty(), 23)), run.ends());
            assertEquals(List.of(new CommandLine("QUIT")), run.linesAfter());
        }
        assertTrue(transfer.nextChunk(1, true) != null);
    }

    @Test
    void bareLineEndsAreNormalizedAcrossChunks() {
        BdatTransfer transfer = new BdatTransfer(BodyType.SEVEN_BIT, DataPolicy.DEFAULT);
        Wire.Run first = Wire.chunk(transfer.nextChunk(6, false), List.of(bytes("a\nb\rc\r")));
        Wire.Run second = Wire.chunk(transfer.nextChunk(4, false), List.of(bytes("\nd\r\r")));
        Wire.Run last = Wire.chunk(transfer.nextChunk(1, true), List.of(bytes("\r")));
        assertEquals("a\r\nb c", first.text(), "the CR at the end waits for the next chunk");
        assertEquals("\r\nd ", second.text());
        assertEquals("  ", last.text(), "a CR held at the end of the message is lone");
        assertEquals(new ChunkEnd(1, true, Optional.empty(), 12), last.ends().get(0));
        assertTrue(transfer.finished());
        assertThrows(IllegalStateException.class, () -> transfer.nextChunk(1, true));
    }

    @Test
    void binaryMimePassesByteForByte() {
        BdatTransfer transfer = new BdatTransfer(BodyType.BINARY_MIME, DataPolicy.DEFAULT);
        Wire.Run run = Wire.chunk(transfer.nextChunk(7, true), List.of(bytes("a\nb\rc\r")));
        // Only 6 octets arrived; the chunk is not over.
        assertTrue(run.ends().isEmpty());
        BdatTransfer again = new BdatTransfer(BodyType.BINARY_MIME, DataPolicy.DEFAULT);
        Wire.Run whole = Wire.chunk(again.nextChunk(7, true), List.of(bytes("a\nb\rc\r\0")));
        assertEquals("a\nb\rc\r\0", whole.text());
    }

    @Test
    void sizeLimitCountsAcrossChunks() {
        BdatTransfer transfer = new BdatTransfer(BodyType.SEVEN_BIT, DataPolicy.DEFAULT.withMaxMessageOctets(8));
        Wire.Run first = Wire.chunk(transfer.nextChunk(5, false), List.of(bytes("12345")));
        Wire.Run second = Wire.chunk(transfer.nextChunk(5, false), List.of(bytes("67890")));
        assertEquals("12345", first.text());
        assertTrue(second.content().length <= 3);
        assertEquals(new ChunkEnd(5, false, Optional.of(Replies.MESSAGE_TOO_BIG), 10), second.ends().get(0));
    }

    @Test
    void chunksAreBounded() {
        BdatTransfer transfer = new BdatTransfer(BodyType.SEVEN_BIT, DataPolicy.DEFAULT.withChunkOctets(10));
        Wire.Run run = Wire.chunk(transfer.nextChunk(100, true), List.of(bytes("x".repeat(100))));
        assertEquals(10, run.largestChunk());
        assertEquals(100, run.content().length);
    }

    @Test
    void emptyLastChunk() {
        BdatTransfer plain = new BdatTransfer(BodyType.SEVEN_BIT, DataPolicy.DEFAULT);
        assertEquals(List.of(new ChunkEnd(0, true, Optional.empty(), 0)), plain.emptyChunk(true, ByteBufAllocator.DEFAULT));

        BdatTransfer heldCr = new BdatTransfer(BodyType.SEVEN_BIT, DataPolicy.DEFAULT);
        Wire.chunk(heldCr.nextChunk(2, false), List.of(bytes("a\r")));
        List<Object> out = heldCr.emptyChunk(true, ByteBufAllocator.DEFAULT);
        ByteBuf tail = (ByteBuf) out.get(0);
        try {
            assertEquals(" ", tail.toString(StandardCharsets.US_ASCII));
        } finally {
            tail.release();
        }
        assertEquals(new ChunkEnd(0, true, Optional.empty(), 2), out.get(1));
        assertThrows(IllegalArgumentException.class, () -> plain.nextChunk(0, false));
    }
}
