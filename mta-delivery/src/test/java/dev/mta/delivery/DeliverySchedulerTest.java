package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.QueueReader;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;
import dev.mta.queue.record.RecipientStatus;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.Stages;
import dev.mta.testkit.smtp.ScriptedResponse;
import dev.mta.testkit.smtp.Verb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduler over a real queue, delivering to a scripted server found through loopback DNS; time by hand. */
class DeliverySchedulerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path spool;
    private DeliveryFixture f;
    private DeliveryScheduler scheduler;

    @BeforeEach
    void start() throws Exception {
        f = new DeliveryFixture(spool);
        for (String domain : List.of("a.test", "b.test", "c.test")) {
            f.dns.mx(domain, 10, "mx." + domain).a("mx." + domain, "127.0.0.1");
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        f.close();
    }

    private DeliveryScheduler scheduler(int perDestination, int total) {
        scheduler = new DeliveryScheduler(f.queue, f.delivery,
                new SchedulerSettings(perDestination, total, 100, Duration.ofMillis(50), Duration.ofMinutes(5)),
                f.engineClock);
        return scheduler;
    }

    private List<QueueId> enqueue(String recipient, int count) {
        List<QueueId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(f.enqueue(Envelopes.builder().recipients(recipient).build()));
        }
        return ids;
    }

    @Test
    void deliversWhatIsDueThenTheQueueIsEmpty() throws Exception {
        enqueue("bob@a.test", 3);
        DeliveryScheduler s = scheduler(20, 100);
        assertEquals(3, Stages.await(s.runOnce()));
        Stages.await(s.idle());
        for (int i = 0; i < 3; i++) {
            f.smtp.takeTransaction(WAIT);
        }
        assertEquals(0, f.queue.size());
    }

    @Test
    void oneAtATimeToADestinationSharesOneSession() throws Exception {
        enqueue("bob@a.test", 4);
        DeliveryScheduler s = scheduler(1, 100);
        assertEquals(1, Stages.await(s.runOnce()));
        Stages.await(s.idle());
        for (int i = 0; i < 4; i++) {
            f.smtp.takeTransaction(WAIT);
        }
        assertEquals(1, f.smtp.connectionCount(), "n messages, 1 connection");
    }

    @Test
    void perDestinationLimitHeldTheRestFollowsAsAttemptsEnd() throws Exception {
        enqueue("bob@a.test", 5);
        DeliveryScheduler s = scheduler(2, 100);
        assertEquals(2, Stages.await(s.runOnce()), "no more than 2 at once to a.test");
        Stages.await(s.idle());
        for (int i = 0; i < 5; i++) {
            f.smtp.takeTransaction(WAIT);
        }
        assertEquals(0, f.queue.size(), "the others started as room was made, without a poll");
    }

    @Test
    void messagesWaitingForRoomAreNotReadAgainEachRound() throws Exception {
        int messages = 12;
        enqueue("bob@a.test", messages);
        CountingReader reader = new CountingReader(f.queue);
        scheduler = new DeliveryScheduler(reader, f.delivery,
                new SchedulerSettings(1, 100, 100, Duration.ofMillis(50), Duration.ofMinutes(5)), f.engineClock);
        assertEquals(1, Stages.await(scheduler.runOnce()));
        Stages.await(scheduler.idle());
        for (int i = 0; i < messages; i++) {
            f.smtp.takeTransaction(WAIT);
        }
        assertEquals(0, f.queue.size());
        // Each record is read once when first seen waiting and once when its turn comes; re-reading every
        // waiting record at every round would be quadratic (here 12 + 11 + ... reads and more).
        assertTrue(reader.records.get() <= 2 * messages, "records read: " + reader.records.get());
    }

    /** The queue as the scheduler sees it, counting the records it reads. */
    private static final class CountingReader implements QueueReader {
        private final QueueReader queue;
        final AtomicInteger records = new AtomicInteger();

        CountingReader(QueueReader queue) {
            this.queue = queue;
        }

        @Override
        public List<QueueId> ids() {
            return queue.ids();
        }

        @Override
        public int size() {
            return queue.size();
        }

        @Override
        public List<QueueId> due(Instant now, int max) {
            return queue.due(now, max);
        }

        @Override
        public OptionalLong messageSize(QueueId id) {
            return queue.messageSize(id);
        }

        @Override
        public Optional<QueueRecord> record(QueueId id) throws IOException {
            records.incrementAndGet();
            return queue.record(id);
        }

        @Override
        public Optional<InputStream> openContent(QueueId id) throws IOException {
            return queue.openContent(id);
        }
    }

    @Test
    void totalLimitHeld() {
        enqueue("bob@a.test", 1);
        enqueue("bob@b.test", 1);
        enqueue("bob@c.test", 1);
        DeliveryScheduler s = scheduler(20, 2);
        assertEquals(2, Stages.await(s.runOnce()));
        Stages.await(s.idle());
        assertEquals(0, f.queue.size());
    }

    @Test
    void deferredRecipientWaitsForTheClock() throws Exception {
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("451 4.3.0 Try later"));
        QueueId id = enqueue("bob@a.test", 1).get(0);
        DeliveryScheduler s = scheduler(20, 100);
        assertEquals(1, Stages.await(s.runOnce()));
        Stages.await(s.idle());
        assertEquals(RecipientStatus.DEFERRED, f.record(id).orElseThrow().states().get(0).status());
        assertEquals(0, Stages.await(s.runOnce()), "not due before the first retry delay");
        f.clock.advance(Duration.ofMinutes(4));
        assertEquals(0, Stages.await(s.runOnce()));
        f.clock.advance(Duration.ofMinutes(2));
        assertEquals(1, Stages.await(s.runOnce()));
        Stages.await(s.idle());
        f.smtp.takeTransaction(WAIT);
        assertTrue(f.record(id).isEmpty());
    }

    @Test
    void stopLetsTheAttemptInFlightFinish() {
        // A slow DNS answer keeps the attempt in flight while stop is called.
        f.dns.delay("a.test", Duration.ofMillis(200));
        QueueId id = enqueue("bob@a.test", 1).get(0);
        DeliveryScheduler s = scheduler(20, 100);
        assertEquals(1, Stages.await(s.runOnce()));
        Stages.await(s.stop());
        assertTrue(f.record(id).isEmpty(), "the attempt ended and was recorded before stop returned");
        assertEquals(0, Stages.await(s.runOnce()), "nothing starts after stop");
    }

    @Test
    void startedSchedulerPollsTheQueue() throws Exception {
        DeliveryScheduler s = scheduler(20, 100);
        s.start();
        enqueue("bob@a.test", 1);
        f.smtp.takeTransaction(WAIT);
        Stages.await(s.stop());
    }

    @Test
    void messageWhoseAttemptCouldNotBeRecordedIsHeldBackNotSpun() throws Exception {
        QueueId id = enqueue("bob@a.test", 1).get(0);
        DeliveryScheduler s = scheduler(20, 100);
        // The record is read, then reading the content fails: the attempt ends with nothing recorded.
        f.readsBeforeFailure.set(1);
        assertEquals(1, Stages.await(s.runOnce()));
        Stages.await(s.idle());
        assertEquals(RecipientStatus.PENDING, f.record(id).orElseThrow().states().get(0).status());
        assertEquals(0, Stages.await(s.runOnce()), "held back, though still due");
        f.clock.advance(Duration.ofMinutes(5));
        assertEquals(1, Stages.await(s.runOnce()));
        Stages.await(s.idle());
        f.smtp.takeTransaction(WAIT);
        assertTrue(f.record(id).isEmpty());
        assertEquals(1, f.smtp.connectionCount(), "the failed attempt never reached the network");
    }

    @Test
    void backwardClockJumpDoesNotDelayRetriesBeyondTheCap() throws Exception {
        // deferred with the first retry 5 to 5.5 minutes ahead, then the wall clock steps back an hour.
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("451 4.3.0 Try later"));
        QueueId id = enqueue("bob@a.test", 1).get(0);
        DeliveryScheduler s = scheduler(20, 100);
        assertEquals(1, Stages.await(s.runOnce()));
        Stages.await(s.idle());
        f.clock.advance(Duration.ofHours(-1));
        assertEquals(0, Stages.await(s.runOnce()));
        f.clock.advance(Duration.ofMinutes(6));
        assertEquals(1, Stages.await(s.runOnce()), "due 6 minutes later by the engine's time, not 66");
        Stages.await(s.idle());
        f.smtp.takeTransaction(WAIT);
        assertTrue(f.record(id).isEmpty());
    }

    @Test
    void forwardClockJumpIsSpreadByTheLimits() {
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("451 4.3.0 Try later"), ScriptedResponse.reply("451 4.3.0 Try later"),
                ScriptedResponse.reply("451 4.3.0 Try later"), ScriptedResponse.reply("451 4.3.0 Try later"));
        enqueue("bob@a.test", 4);
        DeliveryScheduler s = scheduler(2, 100);
        Stages.await(s.runOnce());
        Stages.await(s.idle());
        f.clock.advance(Duration.ofDays(3));
        assertEquals(2, Stages.await(s.runOnce()), "everything is due at once, but no more than the limit starts");
        Stages.await(s.idle());
        assertEquals(0, f.queue.size(), "and none expired: 3 days is within the lifetime");
    }

    @Test
    void dnsOutageOfTwoHoursDefersThenDeliveryResumesWithoutBounces() throws Exception {
        // SERVFAIL for two hours, then the DNS answers again.
        f.dns.servfail("a.test");
        QueueId id = enqueue("bob@a.test", 1).get(0);
        DeliveryScheduler s = scheduler(20, 100);
        Instant healAt = f.engineClock.instant().plus(Duration.ofHours(2));
        while (f.engineClock.instant().isBefore(healAt)) {
            Stages.await(s.runOnce());
            Stages.await(s.idle());
            f.clock.advance(Duration.ofMinutes(5));
        }
        RecipientState state = f.record(id).orElseThrow().states().get(0);
        assertEquals(RecipientStatus.DEFERRED, state.status());
        assertTrue(state.lastReply().orElseThrow().startsWith("451 4.4.3 "), state::toString);
        assertEquals(1, f.queue.size(), "zero bounces");
        f.dns.heal("a.test");
        Instant giveUp = f.engineClock.instant().plus(Duration.ofHours(1).plusMinutes(5));
        while (f.record(id).isPresent() && f.engineClock.instant().isBefore(giveUp)) {
            Stages.await(s.runOnce());
            Stages.await(s.idle());
            f.clock.advance(Duration.ofMinutes(5));
        }
        assertTrue(f.record(id).isEmpty(), "delivered at the next retry after the DNS came back");
        assertEquals(1, f.smtp.connectionCount());
        assertEquals(0, f.queue.size());
    }
}
