package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.QueueSettings;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.Stages;
import dev.mta.testkit.smtp.RecordedTransaction;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SECURITY.md R-07 on a clock moved by hand: a destination that refuses connections for the whole queue lifetime.
 * The DSNs go to the sender's domain, which routes to the scripted server, so they are read as they arrive.
 */
class DestinationDownForDaysTest {

    private static final Duration STEP = Duration.ofMinutes(10);

    @TempDir
    Path spool;

    @Test
    void backoffOneDelayNoticeOneExpiryBounceThenGone() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(spool)) {
            // Nothing listens on 127.0.0.2 at the scripted server's port: every connection is refused.
            f.dns.mx("down.test", 10, "mx.down.test").a("mx.down.test", "127.0.0.2");
            f.dns.mx("example.net", 10, "mx.example.net").a("mx.example.net", "127.0.0.1");
            DeliveryScheduler scheduler = new DeliveryScheduler(f.queue, f.delivery, SchedulerSettings.DEFAULTS,
                    f.engineClock);
            QueueId id = f.enqueue(Envelopes.builder().recipients("bob@down.test").build());
            Instant arrival = Envelopes.ARRIVAL;

            List<Instant> attempts = new ArrayList<>();
            int lastCount = 0;
            for (int step = 0; step < 1000; step++) {
                Stages.await(scheduler.runOnce());
                Stages.await(scheduler.idle());
                Optional<QueueRecord> record = f.record(id);
                if (record.isEmpty()) {
                    break;
                }
                RecipientState state = record.get().states().get(0);
                if (state.attempts() > lastCount) {
                    lastCount = state.attempts();
                    attempts.add(state.lastAttempt().orElseThrow());
                }
                f.clock.advance(STEP);
            }
            scheduler.close();

            assertTrue(f.record(id).isEmpty(), "removed at the end of its lifetime");
            assertTrue(f.engineClock.instant().isAfter(arrival.plus(QueueSettings.DEFAULT_LIFETIME)),
                    "not before the lifetime");
            assertTrue(Duration.between(attempts.get(0), attempts.get(1)).compareTo(Duration.ofMinutes(5)) >= 0,
                    "first retry after at least 5 minutes");
            for (int i = 1; i < attempts.size(); i++) {
                Duration gap = Duration.between(attempts.get(i - 1), attempts.get(i));
                assertTrue(gap.compareTo(Duration.ofHours(1).plus(STEP)) <= 0, "capped at 1 h: " + gap);
            }

            List<RecordedTransaction> notices = new ArrayList<>();
            for (Optional<RecordedTransaction> tx = f.smtp.pollTransaction(); tx.isPresent();
                 tx = f.smtp.pollTransaction()) {
                notices.add(tx.get());
            }
            assertEquals(2, notices.size(), "one delay DSN, one failure DSN, nothing else");
            for (RecordedTransaction notice : notices) {
                assertEquals("MAIL FROM:<>", notice.mail());
                assertEquals(List.of("RCPT TO:<" + Envelopes.SENDER + ">"), notice.rcpts());
            }
            String delayed = notices.get(0).contentText();
            assertTrue(delayed.contains("Action: delayed"), delayed);
            assertTrue(delayed.contains("Status: 4.4.1"), delayed);
            assertTrue(delayed.contains("Will-Retry-Until:"), delayed);
            String failed = notices.get(1).contentText();
            assertTrue(failed.contains("Action: failed"), failed);
            assertTrue(failed.contains("Status: 5.4.7"), failed);
            assertTrue(failed.contains("last reply: 421"), "the last diagnostic: " + failed);
            assertEquals(0, f.queue.size());
        }
    }
}
