package dev.mta.smtpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;
import java.util.Objects;

/**
 * Reads the message after {@code 354} up to the end-of-data mark, {@code CRLF.CRLF}, and nothing else
 * (RFC 5321 section 4.1.1.4). Emits the dot-unstuffed content (RFC 5321 section 4.5.2) as {@link ByteBuf}
 * chunks of at most {@link DataPolicy#chunkOctets()} as it arrives, then one {@link DataEnd}.
 *
 * <p><b>Framing.</b> Only a line that ends in CRLF starts a new line, and the end is a line {@code "."}
 * starting after a CRLF and ending in CRLF. The first line starts right after the 354, since the CRLF of the
 * DATA command counts (RFC 5321 section 4.1.1.4): content {@code ".\r\n"} is an empty message. A bare CR or
 * LF never starts a line, so {@code \n.\n}, {@code \r.\r}, {@code \n.\r\n}, {@code \r\n.\n} and the rest of
 * SECURITY.md S-01 are content, and so is whatever follows them; the decoder reads on to the real end
 * (DESIGN.md invariant 8). A line starting with a dot loses that dot when more follows on the line.
 *
 * <p><b>Refusals</b> are decided while the data streams but only reported in {@link DataEnd}, after the real
 * end: a bare CR or LF ({@code 550 5.6.0}), a line over 998 octets ({@code 550 5.6.0}), more than the size
 * limit ({@code 552 5.3.4}), {@code Received:} fields at or above the limit in the header section
 * ({@code 554 5.4.6}). From the first reason on, no more content is emitted; what was emitted before belongs
 * to a message the session must abort.
 *
 * <p><b>Normalization</b> ({@link DataPolicy#normalizeBareLineEnds()}, for relay networks): a bare LF is
 * stored as CRLF, as the client meant it. A lone CR is stored as a space, as BDAT content is (DESIGN.md
 * invariant 8), rather than as CRLF: turning {@code \r\r\n} into two line ends would insert an empty line
 * that can end the header section early. Normalized line ends never count for framing: they neither end the
 * data nor start a line that could, and a dot after one is kept (dot-stuffing is defined on CRLF lines).
 *
 * <p><b>After the end</b> the decoder consumes nothing more: octets after {@code CRLF.CRLF} in the same read
 * (pipelined commands, RFC 2920) stay in its buffer and go to the next handler when the session replaces
 * this one with a {@link SmtpLineDecoder}. Until then they accumulate, so a session that waits for the queue
 * before it switches back should stop reading ({@code autoRead} off).
 *
 * <p>Memory is bounded by one chunk: the decoder keeps state, never the octets it has read. One instance
 * per message.
 */
public final class DataDecoder extends ByteToMessageDecoder {

    private enum State {
        /** After a CRLF, or at the start of the data. */
        LINE_START,
        /** A dot at a line start; it ends the data if CRLF follows, else it is removed. */
        DOT,
        /** A dot and a CR at a line start. */
        DOT_CR,
        /** Inside a line. */
        TEXT,
        /** A CR inside a line, waiting to see whether LF follows. */
        CR,
        /** The end-of-data mark was read. */
        DONE
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final DataPolicy policy;
    private final StoredContent content;
    private State state = State.LINE_START;

    public DataDecoder(DataPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.content = new StoredContent(policy);
    }

    /** Whether the end-of-data mark has been read. */
    public boolean done() {
        return state == State.DONE;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (state == State.DONE) {
            return;
        }
        content.begin(ctx.alloc(), out);
        try {
            int end = in.writerIndex();
            for (int i = in.readerIndex(); i < end; i++) {
                if (step(in.getByte(i))) {
                    in.readerIndex(i + 1);
                    content.flush();
                    out.add(new DataEnd(content.rejection(), content.size()));
                    return;
                }
            }
            in.readerIndex(end);
        } finally {
            content.flush();
        }
    }

    /** Advances the state by one octet; true when that octet completed the end-of-data mark. */
    private boolean step(byte b) {
        switch (state) {
            case LINE_START -> {
                if (b == '.') {
                    state = State.DOT;
                } else {
                    text(b);
                }
            }
            case DOT -> {
                if (b == CR) {
                    state = State.DOT_CR;
                } else {
                    // RFC 5321 section 4.5.2: a leading dot with more on the line is removed.
                    text(b);
                }
            }
            case DOT_CR -> {
                if (b == LF) {
                    state = State.DONE;
                    return true;
                }
                // ".\r" and more: the dot is removed, the CR is a lone CR.
                loneCr();
                text(b);
            }
            case TEXT -> text(b);
            case CR -> {
                if (b == LF) {
                    content.lineEnd();
                    state = State.LINE_START;
                } else {
                    loneCr();
                    text(b);
                }
            }
            case DONE -> throw new IllegalStateException("no octet is read after the end of data");
        }
        return false;
    }

    /** An octet inside a line (or starting one that is not a dot line). */
    private void text(byte b) {
        if (b == CR) {
            state = State.CR;
            return;
        }
        state = State.TEXT;
        if (b == LF) {
            if (policy.normalizeBareLineEnds()) {
                content.lineEnd();
            } else {
                content.bareLineEnd();
                content.octet(b);
            }
            return;
        }
        content.octet(b);
    }

    private void loneCr() {
        if (policy.normalizeBareLineEnds()) {
            content.octet((byte) ' ');
        } else {
            content.bareLineEnd();
            content.octet(CR);
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        content.discard();
    }
}
