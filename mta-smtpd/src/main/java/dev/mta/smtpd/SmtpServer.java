package dev.mta.smtpd;

import dev.mta.core.config.Cidr;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.smtp.Replies;
import dev.mta.smtpd.aliases.Aliases;
import dev.mta.smtpd.aliases.AliasesFileException;
import dev.mta.smtpd.session.RecipientPolicy;
import dev.mta.smtpd.session.SendRateLimiter;
import dev.mta.smtpd.session.SessionAuth;
import dev.mta.smtpd.session.SessionConfig;
import dev.mta.smtpd.session.SmtpSession;
import dev.mta.smtpd.wire.SmtpLineDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.InetAddress;
import java.time.Clock;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SMTP server's listeners. Each accepted connection gets its own pipeline: TLS first on an implicit-TLS
 * listener (RFC 8314), the strict line framer, and an {@link SmtpSession}; the session swaps the framer for the
 * content decoders and adds TLS at STARTTLS. A connection over the total or per-IP limit is answered
 * {@code 421 4.7.0} and closed before any session exists.
 */
public final class SmtpServer {

    private static final Logger log = LoggerFactory.getLogger(SmtpServer.class);

    private final SmtpdSettings settings;
    private final String hostname;
    private final SmtpServerEventLoops eventLoops;
    private final MessageSink sink;
    private final Optional<ServerTlsContext> tls;
    private final Clock clock;
    private final int maxErrors;
    private final Optional<SessionAuth> auth;
    private final ConnectionLimiter limiter;
    private final SendRateLimiter sendRate;
    private final List<Channel> listening = new ArrayList<>();
    private final TlsHandshakeWatcher tlsWatcher;
    /** The recipient policy in use; a reload swaps it in one step, sessions read it once per RCPT. */
    private final AtomicReference<RecipientPolicy> recipients = new AtomicReference<>();
    private Aliases aliases = Aliases.none();
    /** What the sessions share, once {@link #start()} has read the recipients files. */
    private SessionConfig sessionConfig;

    /**
     * @param settings   the listeners and policies to serve
     * @param hostname   our host name, in the greeting and the Received field
     * @param eventLoops the event loops to run on; the caller owns and shuts them down
     * @param sink       where accepted messages go (the queue)
     * @param tls        the server certificate; without one STARTTLS is not offered and an implicit-TLS listener
     *                   cannot start
     * @param clock      time for the Received and Date fields
     */
    public SmtpServer(SmtpdSettings settings, String hostname, SmtpServerEventLoops eventLoops, MessageSink sink,
                      Optional<ServerTlsContext> tls, Clock clock) {
        this(settings, hostname, eventLoops, sink, tls, clock, SessionConfig.DEFAULT_MAX_ERRORS);
    }

    /** As above, with the number of refused commands after which a session is closed. */
    public SmtpServer(SmtpdSettings settings, String hostname, SmtpServerEventLoops eventLoops, MessageSink sink,
                      Optional<ServerTlsContext> tls, Clock clock, int maxErrors) {
        this(settings, hostname, eventLoops, sink, tls, clock, maxErrors, Optional.empty());
    }

    /**
     * As above, with SMTP AUTH.
     *
     * @param auth the authenticator and sender policy; empty (no users file) offers AUTH nowhere, and then the
     *             submission listeners take no mail
     */
    public SmtpServer(SmtpdSettings settings, String hostname, SmtpServerEventLoops eventLoops, MessageSink sink,
                      Optional<ServerTlsContext> tls, Clock clock, int maxErrors, Optional<SessionAuth> auth) {
        this(settings, hostname, eventLoops, sink, tls, clock, maxErrors, auth, SmtpServerObserver.NONE);
    }

    /** As above, telling {@code observer} what it sees (metrics). */
    public SmtpServer(SmtpdSettings settings, String hostname, SmtpServerEventLoops eventLoops, MessageSink sink,
                      Optional<ServerTlsContext> tls, Clock clock, int maxErrors, Optional<SessionAuth> auth,
                      SmtpServerObserver observer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.hostname = Objects.requireNonNull(hostname, "hostname");
        this.eventLoops = Objects.requireNonNull(eventLoops, "eventLoops");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.tls = Objects.requireNonNull(tls, "tls");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxErrors = maxErrors;
        this.auth = Objects.requireNonNull(auth, "auth");
        this.limiter = new ConnectionLimiter(settings.limits().connections(), settings.limits().connectionsPerIp());
        this.tlsWatcher = new TlsHandshakeWatcher(Objects.requireNonNull(observer, "observer"));
        this.sendRate = new SendRateLimiter(settings.limits().sendRatePerUser(), clock);
    }

    /**
     * Reads the recipients files and the aliases file, then binds every listener. Call from a thread that may
     * block (not an event loop): the files are read here.
     *
     * @return the addresses actually bound, in the order of {@link SmtpdSettings#listeners()} (a port 0 in the
     *         settings is the real port here); fails with a {@link BindException} naming the listener if any
     *         cannot be bound, after closing the ones that were, with the {@link IOException} of a recipients
     *         file, or with the {@link AliasesFileException} of the aliases file
     */
    public synchronized CompletionStage<List<InetSocketAddress>> start() {
        if (!listening.isEmpty()) {
            throw new IllegalStateException("already started");
        }
        try {
            recipients.set(RecipientPolicy.load(hostname, settings.domains()));
            aliases = settings.aliasesFile().isPresent() ? Aliases.load(settings.aliasesFile().get()) : Aliases.none();
        } catch (IOException | AliasesFileException e) {
            return CompletableFuture.failedFuture(e);
        }
        aliases.file().ifPresent(file -> log.info("aliases file {}: {} aliases", file, aliases.get().size()));
        SessionConfig config = new SessionConfig(hostname, settings.limits(), settings.timeouts(),
                SessionConfig.dataPolicy(settings.limits()), maxErrors, recipients::get, aliases, sendRate, sink,
                tls, clock, auth);
        sessionConfig = config;
        List<CompletableFuture<InetSocketAddress>> bound = new ArrayList<>();
        for (ListenerSettings listener : settings.listeners()) {
            if (listener.role() == ListenerRole.SUBMISSIONS && tls.isEmpty()) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "listener " + listener.name() + " needs a certificate for implicit TLS"));
            }
        }
        for (ListenerSettings listener : settings.listeners()) {
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(eventLoops.acceptors(), eventLoops.sessions())
                    .channel(eventLoops.serverChannelType())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new Sessions(config, listener.role()));
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

    /**
     * The aliases in use, for programs that hand over unqualified names (a future {@code mta sendmail}); none
     * before {@link #start()}.
     */
    public synchronized Aliases aliases() {
        return aliases;
    }

    /**
     * Reads the recipients files and the aliases file again (SIGHUP; DESIGN.md "Start, stop, reload"). Each is
     * swapped in one step when good; a bad one leaves the old in use and is logged with file and reason.
     * Sessions keep running: each reads the current tables once per RCPT. Blocking: never on an event loop.
     *
     * @return the problems, one line each (file and reason); empty when everything was reloaded
     */
    public List<String> reloadFiles() {
        List<String> problems = new ArrayList<>();
        try {
            RecipientPolicy fresh = RecipientPolicy.load(hostname, settings.domains());
            recipients.set(fresh);
            if (settings.domains().stream().anyMatch(d -> d.recipientsFile().isPresent())) {
                log.info("recipients files reloaded");
            }
        } catch (IOException e) {
            log.warn("recipients files not reloaded, keeping those loaded before: {}", e.getMessage());
            problems.add(e.getMessage());
        }
        try {
            aliases().reload();
        } catch (AliasesFileException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }

    /**
     * Binds the local submission socket (DESIGN.md, "Local sockets"), after {@link #start()}: its sessions share
     * the listeners' configuration, have the role {@link ListenerRole#LOCAL}, and count toward the total
     * connection limit (not a per-IP one: every local user is the same host). {@link #stop()} closes it too.
     *
     * @return completes once bound; fails with a {@link BindException} naming the socket
     */
    public synchronized CompletionStage<Void> startLocal(LocalSocket local) {
        if (sessionConfig == null) {
            throw new IllegalStateException("start() first");
        }
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(eventLoops.acceptors(), eventLoops.sessions())
                .channel(local.channelType())
                // Reading starts once the session exists, when the peer's user is known (LocalSessionStarter).
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new LocalSessions(sessionConfig, local.peers()));
        ChannelFuture binding = bootstrap.bind(local.address());
        listening.add(binding.channel());
        CompletableFuture<Void> bound = new CompletableFuture<>();
        binding.addListener((ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                bound.complete(null);
            } else {
                BindException failure = new BindException("cannot listen on the local socket " + local.address()
                        + ": " + f.cause().getMessage());
                failure.initCause(f.cause());
                bound.completeExceptionally(failure);
            }
        });
        return bound;
    }

    /** Closes every listener; sessions already running end when their clients quit or time out. */
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

    /** Whether the server was started and every listener is still bound; for a health check. */
    public synchronized boolean listening() {
        return !listening.isEmpty() && listening.stream().allMatch(Channel::isActive);
    }

    /** Client connections open now, those refused at the connection limits not counted; for metrics. */
    public int openConnections() {
        return limiter.open();
    }

    private boolean inRelayNetwork(InetAddress address) {
        for (Cidr network : settings.relayNetworks()) {
            if (network.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Builds the pipeline of each connection on the local socket; the session comes once the peer is known. */
    private final class LocalSessions extends ChannelInitializer<Channel> {

        private final SessionConfig config;
        private final LocalPeerResolver peers;

        LocalSessions(SessionConfig config, LocalPeerResolver peers) {
            this.config = config;
            this.peers = peers;
        }

        @Override
        protected void initChannel(Channel channel) {
            InetAddress host = InetAddress.getLoopbackAddress();
            if (!limiter.tryAcquire(host, true)) {
                log.info("connect on the local socket: too many connections, refused");
                channel.writeAndFlush(Replies.TOO_MANY_CONNECTIONS.encode(channel.alloc()))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            channel.closeFuture().addListener(f -> limiter.release(host));
            channel.pipeline().addLast("peer", new LocalSessionStarter(config, peers));
        }
    }

    /** Builds the pipeline of each accepted connection of one listener. */
    private final class Sessions extends ChannelInitializer<Channel> {

        private final SessionConfig config;
        private final ListenerRole role;

        Sessions(SessionConfig config, ListenerRole role) {
            this.config = config;
            this.role = role;
        }

        @Override
        protected void initChannel(Channel channel) {
            InetAddress client = ((InetSocketAddress) channel.remoteAddress()).getAddress();
            boolean relay = inRelayNetwork(client);
            if (!limiter.tryAcquire(client, relay)) {
                log.info("connect from unknown[{}]: too many connections, refused", client.getHostAddress());
                channel.writeAndFlush(Replies.TOO_MANY_CONNECTIONS.encode(channel.alloc()))
                        .addListener(ChannelFutureListener.CLOSE);
                return;
            }
            channel.closeFuture().addListener(f -> limiter.release(client));
            ChannelPipeline pipeline = channel.pipeline();
            if (role == ListenerRole.SUBMISSIONS) {
                pipeline.addLast(SmtpSession.SSL, tls.orElseThrow().newServerHandler(channel.alloc(), false));
            }
            // Behind the TLS handler: after it here, and STARTTLS adds it in front of everything.
            pipeline.addLast(TlsHandshakeWatcher.NAME, tlsWatcher);
            pipeline.addLast(SmtpSession.FRAMER, new SmtpLineDecoder());
            pipeline.addLast("session", new SmtpSession(config, role, relay));
        }
    }
}
