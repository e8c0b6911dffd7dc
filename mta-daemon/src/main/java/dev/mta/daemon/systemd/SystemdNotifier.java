package dev.mta.daemon.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Tells systemd how the service is doing, over the {@code sd_notify} protocol (sd_notify(3)): one datagram per
 * message to the Unix socket named by {@code $NOTIFY_SOCKET}, each a few {@code KEY=value} lines.
 *
 * <ul>
 *   <li>{@link #ready} sends {@code READY=1}: for {@code Type=notify} the start is complete, so systemd starts
 *       what is ordered after us and {@code systemctl start} returns;</li>
 *   <li>{@link #reloading} sends {@code RELOADING=1} with {@code MONOTONIC_USEC}, and {@link #ready} ends the
 *       reload;</li>
 *   <li>{@link #stopping} sends {@code STOPPING=1};</li>
 *   <li>{@link #status} sends a free-form {@code STATUS=} line that {@code systemctl status} shows;</li>
 *   <li>with {@code $WATCHDOG_USEC} set, {@code WATCHDOG=1} goes out every half of it until {@link #close}.</li>
 * </ul>
 *
 * <p>Datagrams go out on Netty's native epoll Unix datagram channel, on one thread of the notifier's own, so
 * no caller blocks and no server event loop is touched. A send that fails is logged; systemd going away must
 * not stop the mail server. Without {@code NOTIFY_SOCKET}, or where the epoll transport does not load, the
 * notifier is inert and every call completes at once.
 */
public final class SystemdNotifier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SystemdNotifier.class);

    /** Bounds how long {@link #close()} waits for the last datagram; a guard, a send is immediate. */
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final Optional<Connection> connection;
    private final MonotonicMicros monotonic;

    private SystemdNotifier(Optional<Connection> connection, MonotonicMicros monotonic) {
        this.connection = connection;
        this.monotonic = monotonic;
    }

    /**
     * A notifier for the service manager named in {@code environment}.
     *
     * @param environment the process environment ({@code System.getenv()}); tests pass their own
     * @return an inert notifier when {@code NOTIFY_SOCKET} is unset or unusable
     */
    public static SystemdNotifier fromEnvironment(Map<String, String> environment) {
        String value = environment.get("NOTIFY_SOCKET");
        Optional<DomainSocketAddress> address = NotifySocketAddress.parse(value);
        if (address.isEmpty()) {
            if (value != null && !value.isEmpty()) {
                log.warn("NOTIFY_SOCKET={} is not a path or an @abstract name; systemd is not notified", value);
            }
            return inert();
        }
        if (!Epoll.isAvailable()) {
            log.warn("NOTIFY_SOCKET is set but the native epoll transport is unavailable ({}); systemd is not"
                    + " notified", Epoll.unavailabilityCause().toString());
            return inert();
        }
        Connection connection = Connection.open(address.get());
        WatchdogInterval.from(environment, ProcessHandle.current().pid()).ifPresent(connection::startWatchdog);
        return new SystemdNotifier(Optional.of(connection), MonotonicMicros.ofThisJvm());
    }

    /** A notifier that sends nothing. */
    public static SystemdNotifier inert() {
        return new SystemdNotifier(Optional.empty(), MonotonicMicros.ofThisJvm());
    }

    /** Whether datagrams are sent at all. */
    public boolean active() {
        return connection.isPresent();
    }

    /** {@code READY=1}: started, or done reloading. */
    public CompletionStage<Void> ready(String status) {
        return send("READY=1\nSTATUS=" + oneLine(status));
    }

    /**
     * {@code RELOADING=1}: a reload begins; {@link #ready} must follow when it ends. Carries the time on
     * CLOCK_MONOTONIC when this JVM can tell it ({@link MonotonicMicros}). Reads a file: not for an event loop.
     */
    public CompletionStage<Void> reloading(String status) {
        OptionalLong now = monotonic.now();
        return send("RELOADING=1\nSTATUS=" + oneLine(status)
                + (now.isPresent() ? "\nMONOTONIC_USEC=" + now.getAsLong() : ""));
    }

    /** {@code STOPPING=1}: the stop has begun. */
    public CompletionStage<Void> stopping(String status) {
        return send("STOPPING=1\nSTATUS=" + oneLine(status));
    }

    /** A status line only. */
    public CompletionStage<Void> status(String status) {
        return send("STATUS=" + oneLine(status));
    }

    /** Stops the watchdog pings, waits (bounded) for datagrams under way, and ends the notifier's thread. */
    @Override
    public void close() {
        connection.ifPresent(Connection::close);
    }

    private CompletionStage<Void> send(String message) {
        return connection.map(c -> c.send(message)).orElseGet(() -> CompletableFuture.completedFuture(null));
    }

    /** A newline would start another assignment (sd_notify(3): newline-separated); a status is one line. */
    private static String oneLine(String status) {
        return status.replace('\r', ' ').replace('\n', ' ');
    }

    /** The channel and its thread. */
    private static final class Connection {

        private final EventLoopGroup group;
        private final Channel channel;
        private final DomainSocketAddress address;
        private volatile ScheduledFuture<?> watchdog;
        private volatile boolean warned;

        private Connection(EventLoopGroup group, Channel channel, DomainSocketAddress address) {
            this.group = group;
            this.channel = channel;
            this.address = address;
        }

        static Connection open(DomainSocketAddress address) {
            EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mta-notify", true),
                    EpollIoHandler.newFactory());
            // Not connected: each datagram is addressed (sendto), as sd_notify does, so a socket that systemd
            // re-creates (daemon-reexec) is still reached. Netty writes only on a bound channel; an empty name
            // is Linux's autobind (unix(7)): the kernel picks a unique abstract name, nothing on disk.
            Channel channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                    .handler(new ChannelInboundHandlerAdapter())
                    .bind(new DomainSocketAddress("")).syncUninterruptibly().channel();
            return new Connection(group, channel, address);
        }

        void startWatchdog(Duration every) {
            long nanos = every.toNanos();
            watchdog = channel.eventLoop().scheduleAtFixedRate(() -> send("WATCHDOG=1"), 0, nanos,
                    TimeUnit.NANOSECONDS);
            log.info("systemd watchdog: pinging every {} ms", every.toMillis());
        }

        CompletionStage<Void> send(String message) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            channel.writeAndFlush(new DomainDatagramPacket(Unpooled.wrappedBuffer(bytes), address))
                    .addListener(f -> {
                        if (f.isSuccess()) {
                            sent.complete(null);
                        } else {
                            if (!warned) {
                                warned = true;
                                log.warn("cannot notify systemd at {}: {}", printable(address),
                                        f.cause().toString());
                            }
                            sent.completeExceptionally(f.cause());
                        }
                    });
            return sent;
        }

        void close() {
            ScheduledFuture<?> ping = watchdog;
            if (ping != null) {
                ping.cancel(false);
            }
            channel.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
            group.shutdownGracefully(0, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
        }

        private static String printable(DomainSocketAddress address) {
            String path = address.path();
            return path.startsWith("\0") ? "@" + path.substring(1) : path;
        }
    }
}
