package dev.mta.smtpd.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Reads exactly the octets of one BDAT chunk (RFC 3030 section 2): nothing in them is interpreted, there is
 * no terminator. Emits the content as {@link ByteBuf} chunks of bounded size as it arrives, normalized as
 * {@link BdatTransfer} describes, then one {@link ChunkEnd}. Octets after the chunk stay for the next handler
 * (the {@link SmtpLineDecoder} the session puts back). Made by {@link BdatTransfer#nextChunk}.
 */
public final class BdatDecoder extends ByteToMessageDecoder {

    private final BdatTransfer transfer;
    private final long octets;
    private final boolean last;
    private long remaining;

    BdatDecoder(BdatTransfer transfer, long octets, boolean last) {
        this.transfer = transfer;
        this.octets = octets;
        this.last = last;
        this.remaining = octets;
    }

    /** Octets of this chunk not yet read. */
    public long remaining() {
        return remaining;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (remaining == 0) {
            return;
        }
        StoredContent content = transfer.content();
        content.begin(ctx.alloc(), out);
        try {
            int take = (int) Math.min(remaining, in.readableBytes());
            int from = in.readerIndex();
            for (int i = from; i < from + take; i++) {
                transfer.octet(in.getByte(i));
            }
            in.skipBytes(take);
            remaining -= take;
            if (remaining == 0) {
                if (last) {
                    transfer.finish();
                }
                content.flush();
                out.add(transfer.chunkEnd(octets, last));
            }
        } finally {
            content.flush();
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        transfer.content().discard();
    }
}
