package dev.mta.daemon;

import dev.mta.core.dns.DnsResolver;
import dev.mta.core.dns.DnsSettings;
import dev.mta.core.sink.MessageSink;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.delivery.Backoff;
import dev.mta.delivery.ConnectionCache;
import dev.mta.delivery.DeliveryAttempt;
import dev.mta.delivery.DeliveryObserver;
import dev.mta.delivery.DeliveryScheduler;
import dev.mta.delivery.MessageDelivery;
import dev.mta.delivery.MonotonicClock;
import dev.mta.delivery.QueueTimes;
import dev.mta.delivery.RelayLogin;
import dev.mta.delivery.SchedulerSettings;
import dev.mta.delivery.bounce.BounceGenerator;
import dev.mta.delivery.client.ClientCredentials;
import dev.mta.delivery.client.ClientSettings;
import dev.mta.delivery.client.SmtpClient;
import dev.mta.delivery.route.LocalHost;
import dev.mta.delivery.route.Router;
import dev.mta.delivery.route.RouterSettings;
import dev.mta.queue.QueueStore;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Builds the delivery engine from the configuration and runs it: the resolver (the system's resolv.conf), the
 * outbound SMTP client, routing, bounces through the same sink the SMTP server writes to, and the scheduler over
 * the queue. Owns the engine's threads: one event loop for outbound connections and a small bounded pool for DNS
 * completions, reading queued content and recording outcomes — never the server's event loops.
 */
final class DeliveryWiring implements AutoCloseable {

    /** Worker threads: delivery is bound by the network, not the CPU; two keep one slow read from stalling all. */
    private static final int WORKERS = 2;
    /** Tasks waiting for a worker; beyond it the caller runs the task, slowing the scheduler instead of failing. */
    private static final int WORK_QUEUE = 10_000;

    private final EventLoopGroup outbound;
    private final ExecutorService workers;
    private final ConnectionCache connections;
    private final DeliveryScheduler scheduler;
    private final Clock engineClock;

    private DeliveryWiring(EventLoopGroup outbound, ExecutorService workers, ConnectionCache connections,
                           DeliveryScheduler scheduler, Clock engineClock) {
        this.outbound = outbound;
        this.workers = workers;
        this.connections = connections;
        this.scheduler = scheduler;
        this.engineClock = engineClock;
    }

    /**
     * @param config    the configuration
     * @param queue     the queue to deliver from
     * @param bounceSink where bounces and delay notices enter the queue (the same door as the SMTP server's)
     * @param listeners the addresses the listeners are bound to, so mail that would loop back to us is refused
     * @param clock     wall time
     * @param observer  told of every recorded outcome and outbound TLS handshake (metrics)
     */
    static DeliveryWiring start(MtaConfig config, QueueStore queue, MessageSink bounceSink,
                                List<InetSocketAddress> listeners, Clock clock, DeliveryObserver observer,
                                NettyTransport transport)
            throws IOException {
        Optional<ClientCredentials> relayLogin = Optional.empty();
        var relayhost = config.delivery().relayhost();
        if (relayhost.isPresent() && relayhost.get().auth().isPresent()) {
            relayLogin = Optional.of(RelayLogin.read(relayhost.get().auth().get()));
        }
        ExecutorService workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WORK_QUEUE), new DefaultThreadFactory("delivery"),
                new ThreadPoolExecutor.CallerRunsPolicy());
        // A loop of its own, on the same transport as the server's (epoll where the machine has it).
        EventLoopGroup outbound = transport.newClientGroup("outbound", 1);
        Class<? extends SocketChannel> outboundChannels = transport.socketChannelType();
        try {
            MonotonicClock engineClock = new MonotonicClock(clock);
            DnsSettings dns = config.dnsServers().isEmpty()
                    ? DnsSettings.fromResolvConf(DnsSettings.RESOLV_CONF)
                    : DnsSettings.ofServers(config.dnsServers());
            DnsResolver resolver = new DnsResolver(dns, workers, clock);
            Router router = new Router(resolver, RouterSettings.of(config.delivery(), relayLogin),
                    LocalHost.ofListeners(config.hostname(), listeners), new SecureRandom());
            SmtpClient client = new SmtpClient(outbound, outboundChannels, workers,
                    clientSettings(config), observer);
            ConnectionCache connections = new ConnectionCache();
            BounceGenerator bounces = new BounceGenerator(bounceSink, config.hostname(),
                    config.delivery().postmasterNotice(), engineClock);
            MessageDelivery delivery = new MessageDelivery(queue, new DeliveryAttempt(router, client, connections),
                    bounces, new Backoff(config.delivery().retry()), QueueTimes.of(config.queue()), engineClock,
                    new SecureRandom(), workers, observer);
            DeliveryScheduler scheduler = new DeliveryScheduler(queue, delivery, SchedulerSettings.DEFAULTS,
                    engineClock);
            DeliveryWiring wiring = new DeliveryWiring(outbound, workers, connections, scheduler,
                    engineClock);
            scheduler.start();
            return wiring;
        } catch (IOException | RuntimeException e) {
            outbound.shutdownGracefully();
            workers.shutdownNow();
            throw e;
        }
    }

    /** Runs a delivery round soon: after a flush made deferred recipients due. */
    void wake() {
        scheduler.wake();
    }

    /** The clock the scheduler decides "due" by; a flush makes recipients due by this clock. */
    Clock clock() {
        return engineClock;
    }

    /** Lets attempts in flight finish or time out, closes cached connections, and ends the engine's threads. */
    @Override
    public void close() {
        scheduler.stop().toCompletableFuture().join();
        connections.quitAll();
        // A short quiet period: nothing new is scheduled on this loop once the scheduler has stopped.
        outbound.shutdownGracefully(100, 10_000, TimeUnit.MILLISECONDS).syncUninterruptibly();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** The defaults, sending from the configured source address if there is one. */
    private static ClientSettings clientSettings(MtaConfig config) {
        ClientSettings defaults = ClientSettings.defaults(config.hostname());
        return config.delivery().sourceAddress()
                .map(address -> defaults.withSourceAddress(new InetSocketAddress(address, 0)))
                .orElse(defaults);
    }
}
