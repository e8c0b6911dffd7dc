package dev.mta.smtpd;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;

import java.util.Optional;

/**
 * Sits right behind the TLS handler (STARTTLS puts that first in the pipeline, an implicit-TLS listener has it
 * there from the start) and tells the observer how each handshake ended, before the session sees the event
 * (the session closes on a failure and passes nothing on).
 */
@ChannelHandler.Sharable
final class TlsHandshakeWatcher extends ChannelInboundHandlerAdapter {

    static final String NAME = "tls-watcher";

    private final SmtpServerObserver observer;

    TlsHandshakeWatcher(SmtpServerObserver observer) {
        this.observer = observer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent handshake) {
            SslHandler ssl = context.pipeline().get(SslHandler.class);
            observer.tlsHandshake(handshake.isSuccess() && ssl != null
                    ? Optional.of(ssl.engine().getSession().getProtocol()) : Optional.empty());
        }
        super.userEventTriggered(context, event);
    }
}
