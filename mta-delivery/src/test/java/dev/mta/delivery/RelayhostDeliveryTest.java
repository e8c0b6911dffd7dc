package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.config.NextHop;
import dev.mta.core.config.Secret;
import dev.mta.core.dns.AddressOrder;
import dev.mta.core.sink.QueueId;
import dev.mta.delivery.client.ClientCredentials;
import dev.mta.delivery.client.ClientSettings;
import dev.mta.delivery.client.SmtpClient;
import dev.mta.delivery.route.LocalHost;
import dev.mta.delivery.route.Router;
import dev.mta.delivery.route.RouterSettings;
import dev.mta.queue.QueueSettings;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientStatus;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.Stages;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.TestCertificate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All mail through a relay host on a submission port, with AUTH, only over TLS whose certificate verifies. */
class RelayhostDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path spool;

    private static MessageDelivery delivery(DeliveryFixture f, TestCertificate trusted) throws Exception {
        RouterSettings settings = new RouterSettings(Map.of(),
                Optional.of(NextHop.parse("[relay.test]:" + f.smtp.address().getPort())),
                Optional.of(new ClientCredentials("relayuser", new Secret("relaypass"))), AddressOrder.IPV4_FIRST,
                RouterSettings.SMTP_PORT);
        Router router = new Router(f.resolver, settings, new LocalHost(DeliveryFixture.HOST_NAME, a -> false),
                new Random(1));
        SmtpClient client = new SmtpClient(f.group, f.worker,
                ClientSettings.defaults(DeliveryFixture.HOST_NAME).withTrust(trusted.trustManagerFactory()));
        return new MessageDelivery(f.queue, new DeliveryAttempt(router, client, new ConnectionCache()), f.bounces,
                new Backoff(RetrySettings.DEFAULTS), QueueTimes.of(new QueueSettings(f.spoolDirectory())),
                f.engineClock, new Random(2), f.worker);
    }

    private static void deliverNow(DeliveryFixture f, MessageDelivery delivery, QueueId id) {
        QueueRecord record = f.record(id).orElseThrow();
        Stages.await(delivery.deliver(record, MessageDelivery.dueByDestination(record, f.engineClock.instant())));
    }

    @Test
    void relayedWithAuthOverVerifiedTls() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(spool)) {
            TestCertificate certificate = TestCertificate.create("relay.test");
            f.smtp.startTls(certificate).requireAuth("relayuser", "relaypass");
            f.dns.a("relay.test", "127.0.0.1");
            QueueId id = f.enqueue(Envelopes.builder().recipients("bob@anywhere.test").build());
            deliverNow(f, delivery(f, certificate), id);
            RecordedTransaction tx = f.smtp.takeTransaction(WAIT);
            assertTrue(tx.tls(), "over TLS");
            assertTrue(f.smtp.commands().stream().anyMatch(c -> c.startsWith("AUTH ")), "logged in");
            assertTrue(f.record(id).isEmpty());
            assertEquals(0, f.dns.queries("anywhere.test"), "no MX lookup for relayed mail");
        }
    }

    @Test
    void certificateThatDoesNotVerifyDefersAndNoPasswordIsSent() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(spool)) {
            f.smtp.startTls(TestCertificate.create("relay.test")).requireAuth("relayuser", "relaypass");
            f.dns.a("relay.test", "127.0.0.1");
            QueueId id = f.enqueue(Envelopes.builder().recipients("bob@anywhere.test").build());
            // The client trusts another certificate than the one the relay shows.
            deliverNow(f, delivery(f, TestCertificate.create("relay.test")), id);
            assertEquals(RecipientStatus.DEFERRED, f.record(id).orElseThrow().states().get(0).status());
            assertTrue(f.smtp.commands().stream().noneMatch(c -> c.startsWith("AUTH")), "no AUTH without verified TLS");
            assertEquals(1, f.queue.size(), "no bounce");
        }
    }
}
