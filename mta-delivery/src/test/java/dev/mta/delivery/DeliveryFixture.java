package dev.mta.delivery;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.NextHop;
import dev.mta.core.dns.AddressOrder;
import dev.mta.core.dns.DnsResolver;
import dev.mta.core.dns.DnsSettings;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.delivery.bounce.BounceGenerator;
import dev.mta.delivery.client.ClientSettings;
import dev.mta.delivery.client.SmtpClient;
import dev.mta.delivery.route.LocalHost;
import dev.mta.delivery.route.Router;
import dev.mta.delivery.route.RouterSettings;
import dev.mta.queue.QueueSettings;
import dev.mta.queue.QueueStore;
import dev.mta.queue.record.QueueRecord;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.Stages;
import dev.mta.testkit.dns.LoopbackDnsServer;
import dev.mta.testkit.dns.ManualClock;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine's pieces wired on loopback: a real queue in a temporary directory, a real DNS server, a scripted SMTP
 * server (MX hosts are reached on its port), the real client, and a clock the test moves.
 */
final class DeliveryFixture implements AutoCloseable {

    static final String HOST_NAME = "mta.self.test";
    static final Mailbox POSTMASTER = Envelopes.mailbox("postmaster@self.test");
    static final Instant START = Envelopes.ARRIVAL.plusSeconds(90);

    /** The wall clock, moved by the tests. */
    final ManualClock clock = new ManualClock(START);
    /** The engine's time over it, as in production. */
    final MonotonicClock engineClock = new MonotonicClock(clock);
    /** Segment reads allowed before one fails; negative for none failing. */
    final AtomicInteger readsBeforeFailure = new AtomicInteger(-1);
    final LoopbackDnsServer dns;
    final ScriptedSmtpServer smtp;
    final QueueStore queue;
    final Set<InetAddress> local = new HashSet<>();
    final ExecutorService worker = Executors.newFixedThreadPool(4);
    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    final ConnectionCache cache = new ConnectionCache();
    final DnsResolver resolver;
    private final Path spool;
    final BounceGenerator bounces;
    final DeliveryAttempt attempt;
    final MessageDelivery delivery;

    DeliveryFixture(Path spool) throws IOException {
        this(spool, Map.of());
    }

    /** With per-domain routes; {@code [127.0.0.1]:0} in a route stands for the scripted server's port. */
    DeliveryFixture(Path spool, Map<String, String> routeTexts) throws IOException {
        this.spool = spool;
        dns = LoopbackDnsServer.start();
        smtp = ScriptedSmtpServer.start();
        queue = QueueStore.open(new QueueSettings(spool), clock, (path, options) -> {
            if (options.contains(StandardOpenOption.READ) && !options.contains(StandardOpenOption.WRITE)
                    && path.toString().endsWith(".seg") && readsBeforeFailure.getAndDecrement() == 0) {
                throw new IOException("injected read failure: " + path);
            }
            return FileChannel.open(path, options);
        });
        Stages.await(queue.recovered());
        resolver = new DnsResolver(DnsSettings.ofServers(List.of(dns.hostAndPort()))
                .withTimeout(Duration.ofMillis(300)).withRetries(0).withCacheSize(0), worker, Clock.systemUTC());
        Map<Domain, NextHop> routeMap = new java.util.HashMap<>();
        routeTexts.forEach((domain, hop) -> routeMap.put(DomainNames.parse(domain),
                NextHop.parse(hop.replace(":0", ":" + smtp.address().getPort()))));
        RouterSettings routes = new RouterSettings(routeMap, Optional.empty(), Optional.empty(),
                AddressOrder.IPV4_FIRST, smtp.address().getPort());
        Router router = new Router(resolver, routes, new LocalHost(HOST_NAME, local::contains), new Random(3));
        SmtpClient client = new SmtpClient(group, worker, ClientSettings.defaults(HOST_NAME));
        attempt = new DeliveryAttempt(router, client, cache);
        bounces = new BounceGenerator(queue, HOST_NAME, Optional.of(POSTMASTER), engineClock);
        delivery = new MessageDelivery(queue, attempt, bounces, new Backoff(RetrySettings.DEFAULTS),
                new QueueTimes(QueueSettings.DEFAULT_LIFETIME, Optional.of(QueueSettings.DEFAULT_DELAY_WARNING)),
                engineClock,
                new Random(4), worker);
    }

    QueueId enqueue(Envelope envelope) {
        return enqueue(envelope, "From: alice@example.net\r\nSubject: hello\r\n\r\nHello\r\n");
    }

    QueueId enqueue(Envelope envelope, String content) {
        try {
            MessageWriter writer = queue.open(envelope);
            Stages.await(writer.write(Unpooled.copiedBuffer(content, StandardCharsets.UTF_8)));
            return Stages.await(writer.commit());
        } catch (dev.mta.core.sink.SinkUnavailableException e) {
            throw new AssertionError(e);
        }
    }

    Path spoolDirectory() {
        return spool;
    }

    Optional<QueueRecord> record(QueueId id) {
        try {
            return queue.record(id);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Runs one delivery of whatever of {@code id} is due now, and waits for it to be recorded. */
    void deliverNow(QueueId id) {
        QueueRecord record = record(id).orElseThrow();
        Stages.await(delivery.deliver(record, MessageDelivery.dueByDestination(record, engineClock.instant())));
    }

    /** The queued messages other than {@code except}: bounces and notices. */
    List<QueueRecord> others(QueueId except) {
        return queue.ids().stream().filter(i -> !i.equals(except)).map(i -> record(i).orElseThrow()).toList();
    }

    @Override
    public void close() throws InterruptedException {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        queue.close();
        smtp.close();
        dns.close();
        worker.shutdownNow();
    }
}
