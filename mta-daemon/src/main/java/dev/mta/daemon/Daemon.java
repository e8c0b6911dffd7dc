package dev.mta.daemon;

import dev.mta.core.sink.MessageSink;
import dev.mta.core.tls.TlsMaterial;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.queue.QueueStore;
import dev.mta.smtpd.ListenerSettings;
import dev.mta.smtpd.ServerTlsContext;
import dev.mta.smtpd.SmtpServer;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * The running mail server: wires the modules from one configuration and owns start and stop. Tests run it in
 * process; {@code mta run} runs it until a signal.
 *
 * <p>Start, in order (DESIGN.md, "Start, stop, reload"): the state and queue directories exist and can be
 * written; the queue opens (half-written entries are cleared at once, the scan of queued messages runs in the
 * background, so a large queue does not delay serving); the server certificate is loaded or, in development,
 * generated; the users file, if one is configured, is read (without one AUTH is offered nowhere and the submission
 * listeners take no mail); the event loops start; every listener binds; one line per listener and a ready line
 * are logged. The delivery engine starts once the listeners are bound (it must know their addresses to refuse
 * mail that would loop back to us). Any failure undoes what was started. Stop: the listeners close (nothing new
 * is accepted), deliveries in flight finish or time out, the event loops finish their work and end, the queue
 * closes, a stopped line is logged.
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
    private HashingPool hashing;

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
        try {
            queue = QueueStore.open(config.queue(), clock);
        } catch (IOException e) {
            throw new StartupException(ExitStatus.FAILED,
                    "queue directory " + config.queue().directory() + ": cannot open the queue: " + e.getMessage(), e);
        }
        ServerTlsContext tls;
        try {
            TlsMaterial material = new ServerCertificateProvisioner(clock).provision(config.hostname(),
                    config.smtpd().tls());
            tls = new ServerTlsContext(material);
        } catch (StartupException e) {
            queue.close();
            throw e;
        } catch (SSLException e) {
            queue.close();
            throw new StartupException(ExitStatus.USAGE, "TLS: the certificate cannot be used: " + e.getMessage(), e);
        }

        Optional<SessionAuth> auth;
        try {
            auth = auth();
        } catch (StartupException e) {
            queue.close();
            throw e;
        }

        // One door into the queue for the SMTP server and for bounces alike, signing what is locally originated
        // (our own notifications included) when a key applies.
        MessageSink sink = DkimWiring.signingSink(config.dkim(), clock, queue);
        transport = NettyTransport.start();
        smtpServer = new SmtpServer(config.smtpd(), config.hostname(), transport.eventLoops(), sink,
                Optional.of(tls), clock, SessionConfig.DEFAULT_MAX_ERRORS, auth);
        List<InetSocketAddress> bound;
        try {
            bound = smtpServer.start().toCompletableFuture().get();
        } catch (ExecutionException e) {
            transport.shutdownGracefully();
            closeHashing();
            queue.close();
            state = State.STOPPED;
            stopped.countDown();
            throw new StartupException(ExitStatus.FAILED, e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            smtpServer.stop().toCompletableFuture().join();
            transport.shutdownGracefully();
            closeHashing();
            queue.close();
            state = State.STOPPED;
            stopped.countDown();
            throw new StartupException(ExitStatus.FAILED, "interrupted while binding the listeners", e);
        }
        try {
            if (config.deliveryEnabled()) {
                delivery = DeliveryWiring.start(config, queue, sink, bound, clock);
            } else {
                log.info("delivery is disabled (delivery.enabled = false): mail is queued and stays there");
            }
        } catch (IOException | RuntimeException e) {
            smtpServer.stop().toCompletableFuture().join();
            transport.shutdownGracefully();
            closeHashing();
            queue.close();
            state = State.STOPPED;
            stopped.countDown();
            throw new StartupException(ExitStatus.FAILED, "delivery cannot start: " + e.getMessage(), e);
        }
        List<ListenerSettings> listeners = config.smtpd().listeners();
        for (int i = 0; i < listeners.size(); i++) {
            log.info("listening on {} ({})", hostPort(bound.get(i)), describe(listeners.get(i)));
        }
        state = State.RUNNING;
        log.info("ready: {} listener{} for {}, {} transport", bound.size(), bound.size() == 1 ? "" : "s",
                config.hostname(), transport.name());
        return bound;
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
                smtpServer.stop().toCompletableFuture().join();
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
     * AUTH from the users file, when one is configured: the file is read here (at start, never on an event loop),
     * the password checks run on a {@link HashingPool} of one or two threads with a bounded queue, and the
     * throttle has its defaults (5 failures a minute per client, then 5 minutes locked out, 1 s before each
     * failure reply) on the daemon's clock.
     */
    private Optional<SessionAuth> auth() throws StartupException {
        if (config.smtpd().usersFile().isEmpty()) {
            log.info("no users file: AUTH is not offered, the submission listeners take no mail");
            return Optional.empty();
        }
        ReloadableUserDirectory users;
        try {
            users = ReloadableUserDirectory.load(config.smtpd().usersFile().get());
        } catch (UsersFileException e) {
            throw new StartupException(ExitStatus.USAGE, "users file " + e.getMessage(), e);
        }
        hashing = HashingPool.forThisMachine();
        Authenticator authenticator = new Authenticator(users, new PasswordHasher(),
                new AuthThrottle(AuthThrottleSettings.DEFAULTS, clock), hashing);
        log.info("users file {}: {} user{}", users.file(), users.get().size(), users.get().size() == 1 ? "" : "s");
        return Optional.of(new SessionAuth(authenticator));
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
    static String hostPort(InetSocketAddress address) {
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
