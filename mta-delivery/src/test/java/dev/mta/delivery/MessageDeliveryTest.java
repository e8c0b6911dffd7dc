package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.queue.QueueSettings;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;
import dev.mta.queue.record.RecipientStatus;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedResponse;
import dev.mta.testkit.smtp.Verb;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One message's delivery, end to end on loopback: DNS, SMTP, the queue's recorded states, the DSNs queued. */
class MessageDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path spool;
    private DeliveryFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new DeliveryFixture(spool);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private void mx(String domain, int preference, String host, String ip) {
        f.dns.mx(domain, preference, host).a(host, ip);
    }

    private static RecipientState state(QueueRecord record, int index) {
        return record.states().get(index);
    }

    @Test
    void deliveredRecipientLeavesTheQueue() throws Exception {
        mx("example.test", 10, "mx.example.test", "127.0.0.1");
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        f.deliverNow(id);
        RecordedTransaction tx = f.smtp.takeTransaction(WAIT);
        assertEquals(List.of("RCPT TO:<bob@example.test>"), tx.rcpts());
        assertTrue(tx.contentText().contains("Subject: hello"), tx::contentText);
        assertTrue(f.record(id).isEmpty(), "delivered: removed from the queue");
        assertEquals(0, f.queue.size(), "no bounce");
    }

    @Test
    void oneTransactionPerDestinationWithDeliveredDeferredAndFailedRecipients() throws Exception {
        mx("example.test", 10, "mx.example.test", "127.0.0.1");
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("250 2.1.5 Ok"), ScriptedResponse.reply("450 4.2.1 Busy"),
                ScriptedResponse.reply("550 5.1.1 No such user"));
        QueueId id = f.enqueue(Envelopes.builder()
                .recipients("a@example.test", "b@example.test", "c@example.test").build());
        f.deliverNow(id);
        assertEquals(3, f.smtp.takeTransaction(WAIT).rcpts().size(), "all three in one transaction");
        assertEquals(1, f.smtp.connectionCount());

        QueueRecord record = f.record(id).orElseThrow();
        assertEquals(RecipientStatus.DELIVERED, state(record, 0).status());
        RecipientState deferred = state(record, 1);
        assertEquals(RecipientStatus.DEFERRED, deferred.status());
        assertEquals(1, deferred.attempts());
        Instant next = deferred.nextAttempt().orElseThrow();
        assertTrue(!next.isBefore(DeliveryFixture.START.plus(Duration.ofMinutes(5)))
                && !next.isAfter(DeliveryFixture.START.plus(Duration.ofSeconds(330))), next::toString);
        assertEquals("450 4.2.1 Busy", deferred.lastReply().orElseThrow());
        assertEquals(RecipientStatus.FAILED, state(record, 2).status());
        assertEquals("550 5.1.1 No such user", state(record, 2).lastReply().orElseThrow());

        List<QueueRecord> bounces = f.others(id);
        assertEquals(1, bounces.size(), "one DSN for the failed recipient");
        Envelope dsn = bounces.get(0).envelope();
        assertTrue(dsn.sender().isNull(), "a DSN has the null sender");
        assertEquals(Envelopes.SENDER, dsn.recipients().get(0).address().toString());
        assertEquals(Origin.Channel.GENERATED, dsn.origin().channel());
    }

    @Test
    void deferredRecipientIsTriedAgainWhenDueAndOnlyIt() throws Exception {
        mx("example.test", 10, "mx.example.test", "127.0.0.1");
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("250 2.1.5 Ok"), ScriptedResponse.reply("451 4.3.0 Later"));
        QueueId id = f.enqueue(Envelopes.builder().recipients("a@example.test", "b@example.test").build());
        f.deliverNow(id);
        f.smtp.takeTransaction(WAIT);
        QueueRecord record = f.record(id).orElseThrow();
        assertTrue(MessageDelivery.dueByDestination(record, f.clock.instant()).isEmpty(), "nothing due yet");
        f.clock.advance(Duration.ofMinutes(6));
        f.deliverNow(id);
        assertEquals(List.of("RCPT TO:<b@example.test>"), f.smtp.takeTransaction(WAIT).rcpts());
        assertTrue(f.record(id).isEmpty());
    }

    @Test
    void nextMxOnConnectionFailure() throws Exception {
        // Nothing listens on 127.0.0.2 at the scripted server's port: refused, so the next MX is tried.
        mx("example.test", 10, "down.example.test", "127.0.0.2");
        mx("example.test", 20, "up.example.test", "127.0.0.1");
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        f.deliverNow(id);
        f.smtp.takeTransaction(WAIT);
        assertTrue(f.record(id).isEmpty());
    }

    @Test
    void nextMxOn4xxGreeting() throws Exception {
        mx("example.test", 10, "busy.example.test", "127.0.0.1");
        mx("example.test", 20, "other.example.test", "127.0.0.1");
        f.smtp.script(Verb.GREETING, ScriptedResponse.reply("421 4.3.2 Too busy"));
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        f.deliverNow(id);
        f.smtp.takeTransaction(WAIT);
        assertEquals(2, f.smtp.connectionCount());
        assertTrue(f.record(id).isEmpty());
    }

    @Test
    void noHopReachableDefers441() {
        mx("example.test", 10, "down.example.test", "127.0.0.2");
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        f.deliverNow(id);
        RecipientState state = state(f.record(id).orElseThrow(), 0);
        assertEquals(RecipientStatus.DEFERRED, state.status());
        assertTrue(state.lastReply().orElseThrow().startsWith("421 4.4.1 "), state::toString);
        assertEquals(1, f.queue.size(), "no bounce");
    }

    @Test
    void dnsOutageDefers443AndNeverBounces() {
        f.dns.servfail("example.test");
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        for (int i = 1; i <= 3; i++) {
            f.deliverNow(id);
            RecipientState state = state(f.record(id).orElseThrow(), 0);
            assertEquals(RecipientStatus.DEFERRED, state.status());
            assertEquals(i, state.attempts());
            assertTrue(state.lastReply().orElseThrow().startsWith("451 4.4.3 "), state::toString);
            f.clock.advance(Duration.ofHours(1));
        }
        assertEquals(1, f.queue.size(), "no bounce");
        assertEquals(0, f.smtp.connectionCount());
    }

    @Test
    void nullMxFailsWithoutConnecting() {
        f.dns.nullMx("example.test");
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        f.deliverNow(id);
        assertTrue(f.record(id).isEmpty(), "failed: removed");
        assertEquals(0, f.smtp.connectionCount());
        List<QueueRecord> bounces = f.others(id);
        assertEquals(1, bounces.size());
        assertTrue(bounces.get(0).envelope().sender().isNull());
    }

    @Test
    void deferredPastTheLifetimeFails547() {
        mx("example.test", 10, "mx.example.test", "127.0.0.1");
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("450 4.2.1 Busy"));
        f.clock.advance(QueueSettings.DEFAULT_LIFETIME);
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        f.deliverNow(id);
        assertTrue(f.record(id).isEmpty(), "expired: failed and removed");
        assertEquals(1, f.others(id).size(), "one DSN");
    }

    @Test
    void failedNullSenderMessageGetsOnlyThePostmasterNotice() throws Exception {
        mx("example.test", 10, "mx.example.test", "127.0.0.1");
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("550 5.1.1 No such user"));
        QueueId id = f.enqueue(Envelopes.builder().nullSender().recipients("bob@example.test").build());
        f.deliverNow(id);
        assertTrue(f.record(id).isEmpty());
        List<QueueRecord> others = f.others(id);
        assertEquals(1, others.size(), "only the notice");
        Envelope notice = others.get(0).envelope();
        assertTrue(notice.sender().isNull());
        assertEquals(List.of(DeliveryFixture.POSTMASTER),
                notice.recipients().stream().map(Recipient::address).toList());
    }

    @Test
    void failedPostmasterNoticeIsDropped() throws Exception {
        f.dns.mx("self.test", 10, "mx.self.test").a("mx.self.test", "127.0.0.1");
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("550 5.1.1 No such user"));
        Envelope notice = Envelopes.builder().sender(ReversePath.NULL).recipients()
                .addRecipient(DeliveryFixture.POSTMASTER.toString()).channel(Origin.Channel.GENERATED).build();
        // The router must not take mx.self.test for us here: the fixture's own host name is mta.self.test.
        QueueId id = f.enqueue(notice);
        f.deliverNow(id);
        assertTrue(f.record(id).isEmpty());
        assertEquals(0, f.queue.size(), "nothing queued for a failed notice");
    }

    @Test
    void oneDelayNoticeAfterTheWarningTimeNoneForNullSender() throws Exception {
        f.dns.servfail("example.test");
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        QueueId bounce = f.enqueue(Envelopes.builder().nullSender().recipients("carol@example.test").build());
        f.deliverNow(id);
        f.deliverNow(bounce);
        assertEquals(2, f.queue.size(), "no notice before the warning time");
        f.clock.advance(Duration.ofHours(4));
        f.deliverNow(id);
        f.deliverNow(bounce);
        assertEquals(3, f.queue.size(), "one delay notice, none for the null sender");
        f.clock.advance(Duration.ofHours(1));
        f.deliverNow(id);
        assertEquals(3, f.queue.size(), "only once");
        QueueRecord notice = f.queue.ids().stream().filter(i -> !i.equals(id) && !i.equals(bounce))
                .map(i -> f.record(i).orElseThrow()).findFirst().orElseThrow();
        assertTrue(notice.envelope().sender().isNull());
        assertEquals(Envelopes.SENDER, notice.envelope().recipients().get(0).address().toString());
        assertEquals(RecipientStatus.DEFERRED, state(f.record(id).orElseThrow(), 0).status(), "still retried");
    }

    @Test
    void logLineInPostfixForm() {
        QueueRecord record = QueueRecord.accepted(new QueueId("1M899A5CGH5Y3D"),
                Envelopes.builder().recipients("bob@example.test").build());
        Relay relay = new Relay("mx.example.test", new java.net.InetSocketAddress("192.0.2.1", 25));
        Instant now = Envelopes.ARRIVAL.plusMillis(1234);
        assertEquals("1M899A5CGH5Y3D: to=<bob@example.test>, relay=mx.example.test[192.0.2.1]:25, delay=1.2, "
                        + "dsn=2.0.0, status=sent (250 2.0.0 Ok: queued)",
                MessageDelivery.logLine(record, 0, new DeliveryOutcome.Delivered(
                        dev.mta.core.smtp.Reply.of(250, "2.0.0", "Ok: queued"), java.util.Optional.of(relay), true), now,
                        "sent"));
        assertEquals("1M899A5CGH5Y3D: to=<bob@example.test>, relay=none, delay=1.2, dsn=4.4.3, status=deferred "
                        + "(451 4.4.3 Temporary DNS failure looking up the next hop)",
                MessageDelivery.logLine(record, 0, new DeliveryOutcome.TempFail(DeliveryReplies.DNS_TEMPFAIL,
                        java.util.Optional.empty()), now, "deferred"));
    }

    @Test
    void loopToSelfFailsWhileTheOtherDestinationIsDelivered() throws Exception {
        f.dns.mx("loop.test", 10, DeliveryFixture.HOST_NAME).a(DeliveryFixture.HOST_NAME, "127.0.0.1");
        mx("example.test", 10, "mx.example.test", "127.0.0.1");
        QueueId id = f.enqueue(Envelopes.builder().recipients("bob@loop.test", "carol@example.test").build());
        f.deliverNow(id);
        assertEquals(List.of("RCPT TO:<carol@example.test>"), f.smtp.takeTransaction(WAIT).rcpts());
        assertEquals(1, f.smtp.connectionCount(), "no connection for the looping domain");
        assertTrue(f.record(id).isEmpty());
        List<QueueRecord> dsn = f.others(id);
        assertEquals(1, dsn.size());
        String text = new String(f.queue.openContent(dsn.get(0).id()).orElseThrow().readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("Status: 5.4.6"), text);
        assertTrue(text.contains("mail for loop.test loops back to myself"), text);
    }

    @Test
    void sessionIsReusedForTheNextMessage() throws Exception {
        mx("example.test", 10, "mx.example.test", "127.0.0.1");
        for (int i = 0; i < 3; i++) {
            QueueId id = f.enqueue(Envelopes.builder().recipients("bob" + i + "@example.test").build());
            f.deliverNow(id);
            f.smtp.takeTransaction(WAIT);
            assertTrue(f.record(id).isEmpty());
        }
        assertEquals(1, f.smtp.connectionCount(), "three messages, one connection");
        assertEquals(1, f.cache.size());
    }

    @Test
    void deadCachedSessionIsReplacedAtOnceNotDeferred() throws Exception {
        mx("example.test", 10, "mx.example.test", "127.0.0.1");
        f.smtp.script(Verb.RSET, ScriptedResponse.close());
        QueueId first = f.enqueue(Envelopes.builder().recipients("bob@example.test").build());
        f.deliverNow(first);
        f.smtp.takeTransaction(WAIT);
        QueueId second = f.enqueue(Envelopes.builder().recipients("carol@example.test").build());
        f.deliverNow(second);
        assertEquals(List.of("RCPT TO:<carol@example.test>"), f.smtp.takeTransaction(WAIT).rcpts());
        assertTrue(f.record(second).isEmpty(), "delivered on a new session, not deferred");
        assertTrue(f.smtp.commands().contains("RSET"), "the cached session was tried first");
        assertEquals(2, f.smtp.connectionCount());
    }
}
