package dev.mta.smtpd;

import dev.mta.smtpd.session.LocalPeer;
import dev.mta.smtpd.session.SessionConfig;
import dev.mta.smtpd.session.SmtpSession;
import dev.mta.smtpd.wire.SmtpLineDecoder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first handler of a local socket connection: it holds back {@code channelActive} (so no greeting goes out)
 * and reading until the peer's user is known, then puts the framer and an {@link SmtpSession} behind itself,
 * lets the session greet, steps out of the pipeline and starts reading. The channel is created with reading off,
 * so nothing the client sends early is read before there is a session to read it.
 */
final class LocalSessionStarter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(LocalSessionStarter.class);

    private final SessionConfig config;
    private final LocalPeerResolver peers;

    LocalSessionStarter(SessionConfig config, LocalPeerResolver peers) {
        this.config = config;
        this.peers = peers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        peers.resolve(ctx.channel()).whenComplete((peer, failure) -> {
            if (ctx.executor().inEventLoop()) {
                start(ctx, peer, failure);
            } else {
                ctx.executor().execute(() -> start(ctx, peer, failure));
            }
        });
    }

    private void start(ChannelHandlerContext ctx, LocalPeer peer, Throwable failure) {
        if (!ctx.channel().isActive()) {
            return;
        }
        if (failure != null) {
            // Without the kernel's word on who connected, the message could not be traced: refuse the connection.
            log.warn("local socket: cannot tell the connecting user, closing: {}", failure.toString());
            ctx.close();
            return;
        }
        ctx.pipeline().addAfter(ctx.name(), SmtpSession.FRAMER, new SmtpLineDecoder());
        ctx.pipeline().addAfter(SmtpSession.FRAMER, "session", new SmtpSession(config, peer));
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
        ctx.channel().config().setAutoRead(true);
    }
}
