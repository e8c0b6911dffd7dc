package dev.mta.queue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads and validates frames of one segment at given offsets, for the recovery scan. Every byte of a frame
 * is checked (line syntax, lengths against the file size, the keyed tag over position, line and payload, the
 * closing newline), so a frame is either wholly valid or reported with a reason.
 */
final class SegmentReader {

    private static final byte[] MARKER = ("\n" + Frame.MAGIC).getBytes(StandardCharsets.US_ASCII);

    private final FileChannel channel;
    private final long segment;
    private final FrameMac mac;
    private final long size;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);

    SegmentReader(FileChannel channel, long segment, SpoolKey key) throws IOException {
        this.channel = channel;
        this.segment = segment;
        this.mac = new FrameMac(key);
        this.size = channel.size();
    }

    long size() {
        return size;
    }

    /** What was found at an offset. */
    sealed interface Result permits Valid, Invalid {
    }

    /**
     * A valid frame.
     *
     * @param frame         the parsed line
     * @param offset        where the line starts
     * @param payloadOffset where the record starts
     * @param next          where the next frame starts
     * @param record        the record bytes
     */
    record Valid(Frame frame, long offset, long payloadOffset, long next, byte[] record) implements Result {
    }

    /** @param reason why the bytes at the offset are not a frame */
    record Invalid(String reason) implements Result {
    }

    Result readAt(long offset) throws IOException {
        int lineCap = (int) Math.min(Frame.MAX_LINE, size - offset);
        byte[] head = new byte[lineCap];
        readFully(ByteBuffer.wrap(head), offset);
        int nl = -1;
        for (int i = 0; i < head.length; i++) {
            if (head[i] == '\n') {
                nl = i;
                break;
            }
        }
        if (nl < 0) {
            return new Invalid(lineCap < Frame.MAX_LINE ? "truncated frame line" : "no frame line");
        }
        String line = new String(head, 0, nl, StandardCharsets.ISO_8859_1);
        Optional<Frame> parsed = Frame.parse(line);
        if (parsed.isEmpty()) {
            return new Invalid("not a frame line");
        }
        Frame frame = parsed.get();
        long payloadOffset = offset + nl + 1;
        long end = payloadOffset + frame.payloadLength();
        if (end + 1 > size) {
            return new Invalid("frame runs past the end of the segment (truncated)");
        }
        int prefixLength = line.length() - FrameMac.TAG_HEX;
        mac.begin(segment, offset, java.util.Arrays.copyOf(head, prefixLength));
        byte[] record = new byte[frame.recordLength()];
        readFully(ByteBuffer.wrap(record), payloadOffset);
        mac.update(record);
        long at = payloadOffset + record.length;
        while (at < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - at));
            readFully(buffer, at);
            buffer.flip();
            at += buffer.remaining();
            mac.update(buffer);
        }
        if (!FrameMac.sameTag(mac.finish(), frame.tag())) {
            return new Invalid("frame tag mismatch");
        }
        ByteBuffer last = ByteBuffer.allocate(1);
        readFully(last, end);
        if (last.get(0) != '\n') {
            return new Invalid("no newline after the frame");
        }
        return new Valid(frame, offset, payloadOffset, end + 1, record);
    }

    /** The offset of the next frame line after {@code from}, or -1. */
    long nextMarker(long from) throws IOException {
        long at = from;
        byte[] chunk = new byte[64 * 1024];
        while (at < size) {
            int n = (int) Math.min(chunk.length, size - at);
            readFully(ByteBuffer.wrap(chunk, 0, n), at);
            for (int i = 0; i + MARKER.length <= n; i++) {
                if (matches(chunk, i)) {
                    return at + i + 1;
                }
            }
            if (at + n >= size) {
                return -1;
            }
            at += n - MARKER.length + 1;
        }
        return -1;
    }

    private static boolean matches(byte[] chunk, int i) {
        for (int k = 0; k < MARKER.length; k++) {
            if (chunk[i + k] != MARKER[k]) {
                return false;
            }
        }
        return true;
    }

    private void readFully(ByteBuffer into, long at) throws IOException {
        long position = at;
        while (into.hasRemaining()) {
            int n = channel.read(into, position);
            if (n < 0) {
                throw new EOFException("segment ended at " + position);
            }
            position += n;
        }
    }
}
