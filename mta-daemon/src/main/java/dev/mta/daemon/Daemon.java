package dev.mta.daemon;

import dev.mta.core.sink.MessageSink;
import dev.mta.core.tls.PemTlsMaterialLoader;
import dev.mta.core.tls.TlsMaterial;
import dev.mta.core.tls.TlsMaterialException;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.daemon.control.ControlSocket;
import dev.mta.daemon.control.QueueControl;
import dev.mta.daemon.metrics.HealthCheck;
import dev.mta.daemon.metrics.MetricsServer;
import dev.mta.daemon.metrics.MtaMetrics;
import dev.mta.queue.QueueStore;
import dev.mta.smtpd.ListenerSettings;
import dev.mta.smtpd.ServerTlsContext;
import dev.mta.smtpd.SmtpServer;
import dev.mta.smtpd.SniCertificate;
import dev.mta.smtpd.aliases.AliasesFileException;
import dev.mta.smtpd.auth.AuthThrottle;
import dev.mta.smtpd.auth.AuthThrottleSettings;
import dev.mta.smtpd.auth.Authenticator;
import dev.mta.smtpd.auth.HashingPool;
import dev.mta.smtpd.auth.PasswordHasher;
import dev.mta.smtpd.auth.ReloadableUserDirectory;
import dev.mta.smtpd.auth.UsersFileException;
import dev.mta.smtpd.session.SessionAuth;
import dev.mta.smtpd.session.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * The running mail server: wires the modules from one configuration and owns start and stop. Tests run it in
 * process; {@code mta run} runs it until a signal.
 *
 * <p>Start, in order (DESIGN.md, "Start, stop, reload"): the state and queue directories exist and can be
 * written; the control socket is bound (a daemon already answering there stops this start before the queue is
 * touched); the queue opens (half-written entries are cleared at once, the scan of queued messages runs in the
 * background, so a large queue does not delay serving); the server certificate is loaded or, in development,
 * generated; the users file, if one is configured, is read (without one AUTH is offered nowhere and the submission
 * listeners take no mail); the event loops start; every listener binds; one line per listener and a ready line
 * are logged. The delivery engine starts once the listeners are bound (it must know their addresses to refuse
 * mail that would loop back to us), then the control socket starts answering the queue commands, then the
 * metrics and health endpoint, if one is configured (it counts through a stage in front of the queue and an
 * observer of delivery outcomes). Any failure undoes what was started. Stop: the metrics endpoint closes, the
 * control socket closes and is removed, the listeners close (nothing new is accepted), deliveries in flight
 * finish or time out, the event loops finish their work and end, the queue closes, a stopped line is logged.
 * Reload ({@link #reload()}, on SIGHUP) re-reads the files the server uses while it runs, without dropping a
 * session.
 */
public final class Daemon {

    private static final Logger log = LoggerFactory.getLogger(Daemon.class);

    private enum State { NEW, RUNNING, STOPPED }

    private final MtaConfig config;
    private final Clock clock;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private State state = State.NEW;
    private NettyTransport transport;
    private SmtpServer smtpServer;
    private QueueStore queue;
    private DeliveryWiring delivery;
    private Optional<LocalSubmissionSocket> localSocket = Optional.empty();
    private HashingPool hashing;
    private MetricsServer metricsServer;
    private ServerTlsContext tls;
    private ReloadableUserDirectory users;
    private Runnable dkimReload = () -> { };
    private ControlSocket control;

    /**
     * @param config the whole configuration
     * @param clock  wall time for certificate validity (and, later, queue and retry times)
     */
    public Daemon(MtaConfig config, Clock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts serving; returns once every listener is bound.
     *
     * @return the bound addresses, in the order of the configured listeners (real ports where port 0 was asked)
     * @throws StartupException with the exit status the process should end with; nothing is left running
     */
    public synchronized List<InetSocketAddress> start() throws StartupException {
        if (state != State.NEW) {
            throw new IllegalStateException("a daemon starts once; it is " + state);
        }
        StateDirectories directories = new StateDirectories();
        directories.prepare(config.stateDirectory(), "state directory");
        directories.prepare(config.queue().directory(), "queue directory");
        // Bound before the queue opens: a second daemon with this configuration finds the first one answering
        // here and stops before it touches the spool.
        try {
            control = ControlSocket.bind(config.controlSocket());
        } catch (IOException e) {
            throw new StartupException(ExitStatus.FAILED, "control socket " + config.controlSocket() + ": "
                    + e.getMessage(), e);
        }
        try {
            queue = QueueStore.open(config.queue(), clock);
        } catch (IOException e) {
            abandonStart(false);
            throw new StartupException(ExitStatus.FAILED,
                    "queue directory " + config.queue().directory() + ": cannot open the queue: " + e.getMessage(), e);
        }
        try {
            tls = newTlsContext();
        } catch (StartupException e) {
            abandonStart(false);
            throw e;
        }

        MtaMetrics metrics = new MtaMetrics();
        Optional<SessionAuth> auth;
        try {
            auth = auth(metrics);
        } catch (StartupException e) {
            abandonStart(false);
            throw e;
        }

        // One door into the queue for the SMTP server and for bounces alike, signing what is locally originated
        // (our own notifications included) when a key applies.
        DkimWiring.Signing signing = DkimWiring.signing(config.dkim(), clock, metrics.countingSink(queue));
        MessageSink sink = signing.sink();
        dkimReload = signing.reload();
        transport = NettyTransport.start();
        smtpServer = new SmtpServer(config.smtpd(), config.hostname(), transport.eventLoops(), sink,
                Optional.of(tls), clock, SessionConfig.DEFAULT_MAX_ERRORS, auth, metrics.smtpServerObserver());
        metrics.watch(queue::size, smtpServer::openConnections);
        metrics.watchHeld(queue::heldMessages);
        List<InetSocketAddress> bound;
        try {
            bound = smtpServer.start().toCompletableFuture().get();
        } catch (ExecutionException e) {
            // The server has closed whatever it had bound.
            abandonStart(false);
            if (e.getCause() instanceof AliasesFileException bad) {
                // A file the operator wrote is wrong, as a bad users file: a configuration error.
                throw new StartupException(ExitStatus.USAGE, "aliases file " + bad.getMessage(), bad);
            }
            throw new StartupException(ExitStatus.FAILED, e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandonStart(true);
            throw new StartupException(ExitStatus.FAILED, "interrupted while binding the listeners", e);
        }
        if (config.local().socket().isPresent()) {
            try {
                localSocket = LocalSubmissionSocket.start(config.local().socket().get(),
                        transport.domainSocketChannelType(), smtpServer, new PasswdUserNames(PasswdUserNames.SYSTEM));
            } catch (StartupException e) {
                abandonStart(true);
                throw e;
            }
        }
        try {
            if (config.deliveryEnabled()) {
                delivery = DeliveryWiring.start(config, queue, sink, bound, clock, metrics.deliveryObserver(),
                        transport);
            } else {
                log.info("delivery is disabled (delivery.enabled = false): mail is queued and stays there");
            }
        } catch (IOException | RuntimeException e) {
            abandonStart(true);
            throw new StartupException(ExitStatus.FAILED, "delivery cannot start: " + e.getMessage(), e);
        }
        // Without a delivery engine a flush has nothing to wake; the queue's times are then the daemon's clock.
        control.serve(delivery == null ? new QueueControl(queue, () -> { }, clock)
                : new QueueControl(queue, delivery::wake, delivery.clock()));
        List<ListenerSettings> listeners = config.smtpd().listeners();
        for (int i = 0; i < listeners.size(); i++) {
            log.info("listening on {} ({})", hostPort(bound.get(i)), describe(listeners.get(i)));
        }
        startMetrics(metrics);
        state = State.RUNNING;
        log.info("ready: {} listener{} for {}, {} transport", bound.size(), bound.size() == 1 ? "" : "s",
                config.hostname(), transport.name());
        return bound;
    }

    /**
     * Undoes a start that failed part way, in the reverse order of the start; what was never made is skipped.
     * The daemon is then stopped for good (a daemon starts once).
     *
     * @param serverBound whether the SMTP server's listeners are bound and must be closed here
     */
    private void abandonStart(boolean serverBound) {
        if (serverBound) {
            smtpServer.stop().toCompletableFuture().join();
        }
        localSocket.ifPresent(LocalSubmissionSocket::close);
        if (transport != null) {
            transport.shutdownGracefully();
        }
        closeHashing();
        if (queue != null) {
            queue.close();
        }
        if (control != null) {
            control.close();
        }
        state = State.STOPPED;
        stopped.countDown();
    }

    /**
     * Stops accepting, closes the listeners, ends the event loops and logs the stopped line. Safe to call more
     * than once and from any thread but an event loop's.
     */
    public void stop() {
        synchronized (this) {
            if (state == State.STOPPED) {
                return;
            }
            if (state == State.RUNNING) {
                if (metricsServer != null) {
                    metricsServer.close();
                }
                control.close();
                smtpServer.stop().toCompletableFuture().join();
                localSocket.ifPresent(LocalSubmissionSocket::close);
                if (delivery != null) {
                    delivery.close();
                }
                transport.shutdownGracefully();
                closeHashing();
                queue.close();
                log.info("stopped");
            }
            state = State.STOPPED;
        }
        stopped.countDown();
    }

    /**
     * The metrics and health endpoint, when configured. It is for watching the mail server, not part of it: an
     * address that cannot be bound is logged as an error and the daemon serves mail without it (a scrape that
     * fails tells the monitoring).
     */
    private void startMetrics(MtaMetrics metrics) {
        if (config.metricsAddress().isEmpty()) {
            return;
        }
        InetSocketAddress address = config.metricsAddress().get();
        HealthCheck health = new HealthCheck(smtpServer::listening, config.queue().directory(),
                config.queue().freeSpaceReserve());
        try {
            metricsServer = MetricsServer.start(address, metrics.registry(), health);
            log.info("metrics on http://{}/metrics, health on /health", hostPort(metricsServer.address()));
        } catch (IOException | RuntimeException e) {
            log.error("metrics: cannot listen on {}: {}; serving mail without metrics", hostPort(address),
                    e.getMessage());
        }
    }

    /** Where the metrics endpoint listens; empty when it is off or could not be bound. */
    public synchronized Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(metricsServer).map(MetricsServer::address);
    }

    /**
     * AUTH from the users file, when one is configured: the file is read here (at start, never on an event loop),
     * the password checks run on a {@link HashingPool} of one or two threads with a bounded queue, and the
     * throttle has its defaults (5 failures a minute per client, then 5 minutes locked out, 1 s before each
     * failure reply) on the daemon's clock.
     */
    private Optional<SessionAuth> auth(MtaMetrics metrics) throws StartupException {
        if (config.smtpd().usersFile().isEmpty()) {
            log.info("no users file: AUTH is not offered, the submission listeners take no mail");
            return Optional.empty();
        }
        try {
            users = ReloadableUserDirectory.load(config.smtpd().usersFile().get());
        } catch (UsersFileException e) {
            throw new StartupException(ExitStatus.USAGE, "users file " + e.getMessage(), e);
        }
        hashing = HashingPool.forThisMachine();
        AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS, clock);
        metrics.watchAuthFailures(throttle::failures);
        Authenticator authenticator = new Authenticator(users, new PasswordHasher(), throttle, hashing);
        log.info("users file {}: {} user{}", users.file(), users.get().size(), users.get().size() == 1 ? "" : "s");
        return Optional.of(new SessionAuth(authenticator));
    }

    /**
     * Re-reads what SIGHUP re-reads (DESIGN.md, "Start, stop, reload"): the certificates (by server name too),
     * the users file, the aliases file, the recipients files and the DKIM keys. Each is swapped in one step when
     * it is good; a bad one leaves the old in use and is logged with its file and the reason. Nothing else
     * changes (the configuration file itself is not re-read: listeners and limits need a restart). Sessions in
     * progress go on: a TLS session keeps the certificate it shook hands with, new handshakes get the new one;
     * a session reads the users, aliases and recipients in use when it needs them. Blocking file I/O: call it
     * from a thread of its own (the signal handler's), never an event loop.
     *
     * @return the problems, one line each; empty when everything was reloaded (or the daemon is not running)
     */
    public synchronized List<String> reload() {
        if (state != State.RUNNING) {
            return List.of();
        }
        log.info("reloading certificates, users, aliases, recipients and DKIM keys");
        List<String> problems = new ArrayList<>();
        try {
            TlsMaterial material = new ServerCertificateProvisioner(clock).provision(config.hostname(),
                    config.smtpd().tls());
            Map<String, TlsMaterial> byName = sniMaterial();
            tls.reload(material, byName);
            log.info("TLS certificates reloaded: the default and {} by server name", byName.size());
        } catch (StartupException e) {
            log.warn("TLS certificates not reloaded, keeping those loaded before: {}", e.getMessage());
            problems.add(e.getMessage());
        } catch (SSLException e) {
            log.warn("TLS certificates not reloaded, keeping those loaded before: {}", e.getMessage());
            problems.add("TLS: the certificate cannot be used: " + e.getMessage());
        }
        if (users != null) {
            try {
                users.reload();
            } catch (UsersFileException e) {
                problems.add("users file " + e.getMessage());
            }
        }
        problems.addAll(smtpServer.reloadFiles());
        try {
            dkimReload.run();
        } catch (RuntimeException e) {
            log.warn("DKIM keys not reloaded: {}", e.toString());
            problems.add("DKIM: " + e);
        }
        log.info(problems.isEmpty() ? "reloaded" : "reloaded, with {} problem{}; the old values stay in use there",
                problems.size(), problems.size() == 1 ? "" : "s");
        return List.copyOf(problems);
    }

    /** The default certificate and those by server name, loaded; at start and on reload. */
    private ServerTlsContext newTlsContext() throws StartupException {
        TlsMaterial material = new ServerCertificateProvisioner(clock).provision(config.hostname(),
                config.smtpd().tls());
        try {
            return new ServerTlsContext(material, sniMaterial());
        } catch (SSLException e) {
            throw new StartupException(ExitStatus.USAGE, "TLS: the certificate cannot be used: " + e.getMessage(), e);
        }
    }

    /** The certificates for other server names (SNI), each loaded from its files. */
    private Map<String, TlsMaterial> sniMaterial() throws StartupException {
        Map<String, TlsMaterial> byName = new LinkedHashMap<>();
        for (SniCertificate sni : config.smtpd().tls().sni()) {
            try {
                byName.put(sni.serverName(), new PemTlsMaterialLoader().load(sni.certificateChain(),
                        sni.privateKey()));
            } catch (TlsMaterialException e) {
                throw new StartupException(ExitStatus.USAGE, "TLS certificate for " + sni.serverName() + ": "
                        + e.getMessage(), e);
            }
        }
        return byName;
    }

    private void closeHashing() {
        if (hashing != null) {
            hashing.close();
        }
    }

    /** Waits until {@link #stop()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** 127.0.0.1:2525, [::1]:2525: what an operator would type, without Java's host-name slash. */
    public static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            int scope = host.indexOf('%');
            host = "[" + (scope < 0 ? host : host.substring(0, scope)) + "]";
        }
        return host + ":" + address.getPort();
    }

    private static String describe(ListenerSettings listener) {
        String role = listener.role().name().toLowerCase(java.util.Locale.ROOT);
        return listener.name().equals(role) ? role : listener.name() + ", " + role;
    }
}
