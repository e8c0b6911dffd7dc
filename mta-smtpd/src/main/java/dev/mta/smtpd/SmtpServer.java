package dev.mta.smtpd;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The SMTP server's listeners.
 *
 * <p>PLACEHOLDER until the session state machine lands: every listener accepts a connection, says
 * {@code 421 4.3.2 <hostname> Service not available, closing transmission channel} and closes it, which RFC 5321
 * section 3.8 allows a server that cannot serve to do instead of a greeting. Binding, the bound addresses and
 * stopping are real, so the daemon's lifecycle can be built and tested against it.
 */
public final class SmtpServer {

    private static final Logger log = LoggerFactory.getLogger(SmtpServer.class);

    private final SmtpdSettings settings;
    private final SmtpServerEventLoops eventLoops;
    private final ChannelHandler notAvailable;
    private final List<Channel> listening = new ArrayList<>();

    /**
     * @param settings   the listeners to serve
     * @param hostname   our host name, sent in replies
     * @param eventLoops the event loops to run on; the caller owns and shuts them down
     */
    public SmtpServer(SmtpdSettings settings, String hostname, SmtpServerEventLoops eventLoops) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.notAvailable = new ServiceNotAvailable("421 4.3.2 " + Objects.requireNonNull(hostname, "hostname")
                + " Service not available, closing transmission channel\r\n");
    }

    /**
     * Binds every listener.
     *
     * @return the addresses actually bound, in the order of {@link SmtpdSettings#listeners()} (a port 0 in the
     *         settings is the real port here); fails with a {@link BindException} naming the listener if any
     *         cannot be bound, after closing the ones that were
     */
    public synchronized CompletionStage<List<InetSocketAddress>> start() {
        if (!listening.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(eventLoops.acceptors(), eventLoops.sessions())
                .channel(eventLoops.serverChannelType())
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(notAvailable);
        List<CompletableFuture<InetSocketAddress>> bound = new ArrayList<>();
        for (ListenerSettings listener : settings.listeners()) {
            ChannelFuture binding = bootstrap.bind(listener.address());
            listening.add(binding.channel());
            CompletableFuture<InetSocketAddress> address = new CompletableFuture<>();
            binding.addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    address.complete((InetSocketAddress) f.channel().localAddress());
                } else {
                    BindException failure = new BindException("cannot listen on " + listener.address() + " ("
                            + listener.name() + "): " + f.cause().getMessage());
                    failure.initCause(f.cause());
                    address.completeExceptionally(failure);
                }
            });
            bound.add(address);
        }
        return CompletableFuture.allOf(bound.toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> failure)
                .thenCompose(failure -> {
                    if (failure == null) {
                        return CompletableFuture.completedFuture(bound.stream().map(CompletableFuture::join).toList());
                    }
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    return stop().thenCompose(stopped -> CompletableFuture.<List<InetSocketAddress>>failedFuture(cause));
                });
    }

    /** Closes every listener; connections already accepted are closed by the placeholder handler itself. */
    public synchronized CompletionStage<Void> stop() {
        List<CompletableFuture<Void>> closed = new ArrayList<>();
        for (Channel channel : listening) {
            CompletableFuture<Void> done = new CompletableFuture<>();
            channel.close().addListener(f -> done.complete(null));
            closed.add(done);
        }
        listening.clear();
        return CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new));
    }

    /** Writes the 421 reply and closes: nothing the client sends is read. */
    @ChannelHandler.Sharable
    private static final class ServiceNotAvailable extends ChannelInboundHandlerAdapter {

        private final byte[] reply;

        ServiceNotAvailable(String reply) {
            this.reply = reply.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            log.debug("{}: not serving yet, closing", ctx.channel().remoteAddress());
            ctx.writeAndFlush(ctx.alloc().buffer(reply.length).writeBytes(reply))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
