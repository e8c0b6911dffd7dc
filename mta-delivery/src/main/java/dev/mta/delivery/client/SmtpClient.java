package dev.mta.delivery.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLException;

/**
 * The outbound SMTP client: opens sessions to addresses the caller has resolved (no DNS here) and hands back
 * {@link SmtpConnection}s ready for transactions. Routing, retries and bounces are built on top of it.
 *
 * <pre>{@code
 * SmtpClient client = new SmtpClient(group, contentExecutor, ClientSettings.defaults("mx.example.net"));
 * client.connect(Destination.mx(address, "mx.example.com")).thenCompose(result -> switch (result) {
 *     case ConnectResult.Connected c -> c.connection().send(envelope, content);
 *     case ConnectResult.Failed f -> ...defer or fail every recipient with f.reply()...
 * });
 * }</pre>
 *
 * <p>Each channel holds, in order: the TLS handler once STARTTLS succeeds, the strict {@link SmtpReplyDecoder},
 * and the {@link ReplyReader}. TLS is 1.2 or 1.3 only (RFC 8996). Two TLS contexts are made once: one that
 * verifies certificate and host name against the trust store (for {@link TlsPolicy#VERIFY}) and one that does not
 * (opportunistic and required TLS toward MX hosts, RFC 7435).
 */
public final class SmtpClient {

    private static final Logger LOG = LoggerFactory.getLogger(SmtpClient.class);
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final EventLoopGroup group;
    private final Class<? extends SocketChannel> channelType;
    private final Executor contentExecutor;
    private final ClientSettings settings;
    private final SslContext unverified;
    private final SslContext verifying;
    private final SmtpClientObserver observer;

    /**
     * A client on the NIO transport.
     *
     * @param group           the event loops for the connections (NIO transport)
     * @param contentExecutor where stored messages are read; bounded, never an event loop
     * @param settings        behaviour common to all destinations
     * @throws SSLException when the TLS contexts cannot be made
     */
    public SmtpClient(EventLoopGroup group, Executor contentExecutor, ClientSettings settings) throws SSLException {
        this(group, NioSocketChannel.class, contentExecutor, settings);
    }

    /**
     * A client on the transport of {@code group}, so it can share the family the server runs on (epoll on Linux)
     * without this module depending on a native transport.
     *
     * @param group           the event loops for the connections
     * @param channelType     the socket channel of that transport ({@code NioSocketChannel},
     *                        {@code EpollSocketChannel}); a mismatch fails every connect
     * @param contentExecutor where stored messages are read; bounded, never an event loop
     * @param settings        behaviour common to all destinations
     * @throws SSLException when the TLS contexts cannot be made
     */
    public SmtpClient(EventLoopGroup group, Class<? extends SocketChannel> channelType, Executor contentExecutor,
                      ClientSettings settings) throws SSLException {
        this(group, channelType, contentExecutor, settings, SmtpClientObserver.NONE);
    }

    /**
     * A client on the transport of {@code group} that tells {@code observer} of its TLS handshakes.
     *
     * @param group           the event loops for the connections
     * @param channelType     the socket channel of that transport
     * @param contentExecutor where stored messages are read; bounded, never an event loop
     * @param settings        behaviour common to all destinations
     * @param observer        told of each TLS handshake's result (metrics), on the event loop
     * @throws SSLException when the TLS contexts cannot be made
     */
    public SmtpClient(EventLoopGroup group, Class<? extends SocketChannel> channelType, Executor contentExecutor,
                      ClientSettings settings, SmtpClientObserver observer) throws SSLException {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.group = Objects.requireNonNull(group, "group");
        this.channelType = Objects.requireNonNull(channelType, "channelType");
        this.contentExecutor = Objects.requireNonNull(contentExecutor, "contentExecutor");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.unverified = SslContextBuilder.forClient().protocols(PROTOCOLS)
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null)
                .build();
        SslContextBuilder verify = SslContextBuilder.forClient().protocols(PROTOCOLS)
                .endpointIdentificationAlgorithm("HTTPS");
        settings.trust().ifPresent(verify::trustManager);
        this.verifying = verify.build();
    }

    /**
     * Connects and sets up a session: greeting, EHLO or HELO, STARTTLS as {@code destination.tls()} asks, AUTH
     * when a login is given and TLS was verified. Never completes exceptionally.
     */
    public CompletionStage<ConnectResult> connect(Destination destination) {
        Objects.requireNonNull(destination, "destination");
        SmtpReplyDecoder decoder = new SmtpReplyDecoder(settings.replyLimits());
        ReplyReader reader = new ReplyReader(settings.timeouts().greeting());
        Bootstrap bootstrap = new Bootstrap().group(group).channel(channelType)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE,
                        settings.timeouts().connect().toMillis()))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast("replies", decoder).addLast("reader", reader);
                    }
                });
        ChannelFuture connecting = settings.sourceAddress()
                .map(source -> bootstrap.connect(destination.address(), source))
                .orElseGet(() -> bootstrap.connect(destination.address()));
        CompletableFuture<ConnectResult> result = new CompletableFuture<>();
        connecting.addListener(connected -> {
            if (!connected.isSuccess()) {
                result.complete(failed(destination, new SessionFailure(ClientReplies.CONNECT_FAILED,
                        "connect failed: " + connected.cause())));
                return;
            }
            Channel channel = connecting.channel();
            Wire wire = new Wire(channel, reader, decoder);
            SslContext tls = destination.tls() == TlsPolicy.VERIFY ? verifying : unverified;
            new SessionSetup(wire, settings, destination, tls, observer).run().whenComplete((session, error) -> {
                if (error == null) {
                    result.complete(new ConnectResult.Connected(
                            new SmtpConnection(wire, session, settings, contentExecutor)));
                    return;
                }
                SessionFailure failure = SessionFailure.of(error);
                if (wire.usable()) {
                    wire.command("QUIT", settings.timeouts().command()).whenComplete((r, e) -> wire.close());
                } else {
                    wire.close();
                }
                result.complete(failed(destination, failure));
            });
        });
        return result;
    }

    private static ConnectResult failed(Destination destination, SessionFailure failure) {
        LOG.info("{}[{}]:{}: {}", destination.hostName(), destination.address().getAddress().getHostAddress(),
                destination.address().getPort(), failure.detail());
        return new ConnectResult.Failed(failure.reply(), failure.detail());
    }
}
