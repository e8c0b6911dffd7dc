package dev.mta.smtpd.session;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * A framer that decodes nothing: it keeps what arrives until the session puts a {@code SmtpLineDecoder} back,
 * which then gets the held octets. Used while a reply waits for the queue after {@code BDAT 0 LAST}, where no
 * chunk decoder is in place to hold pipelined commands. Reading is off meanwhile, so it holds at most one read.
 */
final class HeldInput extends ByteToMessageDecoder {

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // Intentionally nothing: the octets stay in the cumulation for the next framer.
    }
}
