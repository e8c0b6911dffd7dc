package dev.mta.smtpd;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.config.Cidr;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.tls.KeyType;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A real {@link SmtpServer} on loopback ports for tests: smtp, submission and submissions listeners on port 0,
 * a self-signed certificate made at test time, {@code ours.test} accepted, and relay networks that leave
 * 127.0.0.1 out unless the test says otherwise.
 */
public final class LoopbackServer implements AutoCloseable {

    public static final String HOSTNAME = "mx.ours.test";

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final SmtpServer server;
    public final List<InetSocketAddress> bound;

    public LoopbackServer(MessageSink sink, List<Cidr> relayNetworks, LimitSettings limits) throws Exception {
        this(sink, relayNetworks, limits, Optional.empty());
    }

    /** With timeouts of the test's own. */
    public LoopbackServer(MessageSink sink, List<Cidr> relayNetworks, LimitSettings limits, TimeoutSettings timeouts)
            throws Exception {
        this(sink, relayNetworks, limits, timeouts, Optional.empty());
    }

    /** With SMTP AUTH, as the daemon wires it when a users file is configured. */
    public LoopbackServer(MessageSink sink, List<Cidr> relayNetworks, LimitSettings limits,
                          Optional<dev.mta.smtpd.session.SessionAuth> auth) throws Exception {
        this(sink, relayNetworks, limits, TimeoutSettings.DEFAULTS, auth);
    }

    private LoopbackServer(MessageSink sink, List<Cidr> relayNetworks, LimitSettings limits,
                           TimeoutSettings timeouts, Optional<dev.mta.smtpd.session.SessionAuth> auth)
            throws Exception {
        this(sink, relayNetworks, limits, timeouts, auth, new ServerTlsContext(
                new SelfSignedCertificateGenerator(Clock.systemUTC()).generate(HOSTNAME, KeyType.EC_P256)));
    }

    /** With TLS contexts of the test's own (several certificates, a reload). */
    public LoopbackServer(MessageSink sink, List<Cidr> relayNetworks, ServerTlsContext tls) throws Exception {
        this(sink, relayNetworks, LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS, Optional.empty(), tls);
    }

    private LoopbackServer(MessageSink sink, List<Cidr> relayNetworks, LimitSettings limits,
                           TimeoutSettings timeouts, Optional<dev.mta.smtpd.session.SessionAuth> auth,
                           ServerTlsContext tls) throws Exception {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        SmtpdSettings settings = new SmtpdSettings(List.of(
                new ListenerSettings("smtp", any, ListenerRole.SMTP),
                new ListenerSettings("submission", any, ListenerRole.SUBMISSION),
                new ListenerSettings("submissions", any, ListenerRole.SUBMISSIONS)),
                new ServerTlsSettings(Path.of("unused.pem"), Path.of("unused.key"), false), limits,
                timeouts, relayNetworks,
                List.of(new AcceptedDomainSettings(
                        AddressParser.domain("ours.test", Utf8Mode.ASCII_ONLY).toOptional().orElseThrow(),
                        Optional.empty())),
                Optional.empty(), Optional.empty());
        server = new SmtpServer(settings, HOSTNAME,
                new SmtpServerEventLoops(group, group, NioServerSocketChannel.class), sink, Optional.of(tls),
                Clock.systemUTC(), dev.mta.smtpd.session.SessionConfig.DEFAULT_MAX_ERRORS, auth);
        bound = server.start().toCompletableFuture().get();
    }

    /** Relay networks that do not contain 127.0.0.1: the test client is an outsider. */
    public static List<Cidr> outsider() {
        return List.of(Cidr.parse("192.0.2.0/24"));
    }

    public InetSocketAddress smtp() {
        return bound.get(0);
    }

    public InetSocketAddress submission() {
        return bound.get(1);
    }

    public InetSocketAddress submissions() {
        return bound.get(2);
    }

    @Override
    public void close() {
        server.stop().toCompletableFuture().join();
        group.shutdownGracefully(0, 5, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
