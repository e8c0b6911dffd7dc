package dev.mta.smtpd.wire;

import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.util.List;
import java.util.Optional;

/**
 * The content of one message as it will be stored, octet by octet, after the wire framing is undone
 * (dot-unstuffing, line-end normalization): it counts the size, measures lines, counts {@code Received:}
 * fields in the header section, remembers every reason to refuse the message, and collects the octets into
 * bounded chunks as long as the message is still acceptable. Shared by {@link DataDecoder} and
 * {@link BdatDecoder}; not thread-safe, like the channel it serves.
 */
final class StoredContent {

    private static final byte[] RECEIVED = {'r', 'e', 'c', 'e', 'i', 'v', 'e', 'd'};

    private final DataPolicy policy;
    private long size;
    private long lineLength;
    private boolean inHeaders = true;
    /** Octets of "received" matched at the start of a header line; RECEIVED.length then waits for ':'; -1 no match. */
    private int nameMatch;
    private int receivedFields;

    private boolean tooBig;
    private boolean bareLineEnd;
    private boolean lineTooLong;
    private boolean tooManyHops;

    private ByteBufAllocator allocator;
    private List<Object> out;
    private ByteBuf chunk;

    StoredContent(DataPolicy policy) {
        this.policy = policy;
    }

    /** Starts a decode call: chunks go to {@code out} until {@link #flush()}. */
    void begin(ByteBufAllocator allocator, List<Object> out) {
        this.allocator = allocator;
        this.out = out;
    }

    /** Ends a decode call: what has been collected is emitted now, so content streams as it arrives. */
    void flush() {
        if (chunk != null) {
            if (acceptable() && chunk.isReadable()) {
                out.add(chunk);
            } else {
                chunk.release();
            }
            chunk = null;
        }
        out = null;
        allocator = null;
    }

    /** Releases a chunk not yet emitted (the handler is being removed in the middle of a decode call). */
    void discard() {
        if (chunk != null) {
            chunk.release();
            chunk = null;
        }
    }

    /** One stored octet that is not part of a line end. */
    void octet(byte b) {
        count(1);
        lineLength++;
        if (policy.enforceLineLength() && lineLength > DataPolicy.MAX_LINE_OCTETS) {
            lineTooLong = true;
        }
        if (inHeaders && nameMatch >= 0) {
            matchFieldName(b);
        }
        write(b);
    }

    /** A stored CRLF. */
    void lineEnd() {
        count(2);
        if (inHeaders && lineLength == 0) {
            // RFC 5322 section 2.1: the header section ends at the first empty line.
            inHeaders = false;
        }
        lineLength = 0;
        nameMatch = inHeaders ? 0 : -1;
        write((byte) '\r');
        write((byte) '\n');
    }

    /** A bare CR or LF was seen and the policy does not normalize it. */
    void bareLineEnd() {
        bareLineEnd = true;
    }

    long size() {
        return size;
    }

    boolean acceptable() {
        return !tooBig && !bareLineEnd && !lineTooLong && !tooManyHops;
    }

    /**
     * The refusal, if any. When several reasons apply, the order is fixed (size, bare line end, line length,
     * hops), so the reply never depends on how the input was fragmented.
     */
    Optional<Reply> rejection() {
        if (tooBig) {
            return Optional.of(Replies.MESSAGE_TOO_BIG);
        }
        if (bareLineEnd) {
            return Optional.of(Replies.BARE_LINE_ENDING);
        }
        if (lineTooLong) {
            return Optional.of(Replies.LINE_OVER_998_OCTETS);
        }
        if (tooManyHops) {
            return Optional.of(Replies.TOO_MANY_HOPS);
        }
        return Optional.empty();
    }

    private void count(int octets) {
        size += octets;
        if (size > policy.maxMessageOctets()) {
            tooBig = true;
        }
    }

    /**
     * Matches {@code Received} followed by optional white space and a colon (RFC 5322 section 3.6.7, and the
     * obsolete white space before the colon of section 4.5), case-insensitively, at the start of a line.
     */
    private void matchFieldName(byte b) {
        if (nameMatch < RECEIVED.length) {
            // (b | 0x20) equals a lower-case letter only for that letter in either case.
            nameMatch = (b | 0x20) == RECEIVED[nameMatch] ? nameMatch + 1 : -1;
        } else if (b == ':') {
            nameMatch = -1;
            if (++receivedFields >= policy.receivedLimit()) {
                tooManyHops = true;
            }
        } else if (b != ' ' && b != '\t') {
            nameMatch = -1;
        }
    }

    private void write(byte b) {
        if (!acceptable()) {
            discard();
            return;
        }
        if (chunk == null) {
            chunk = allocator.buffer(Math.min(policy.chunkOctets(), 8192), policy.chunkOctets());
        }
        chunk.writeByte(b);
        if (chunk.writerIndex() == policy.chunkOctets()) {
            out.add(chunk);
            chunk = null;
        }
    }
}
