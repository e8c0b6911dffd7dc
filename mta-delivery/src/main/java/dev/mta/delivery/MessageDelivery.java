package dev.mta.delivery;

import dev.mta.core.address.MailHost;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.delivery.bounce.BounceGenerator;
import dev.mta.delivery.bounce.ReportedRecipient;
import dev.mta.queue.QueueStore;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;
import dev.mta.queue.record.RecipientStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Delivers the due recipients of one queued message: one {@link DeliveryAttempt} per destination (they run side by
 * side), then the outcomes are turned into recipient states, the DSN is queued if one is due, the states are
 * stored durably in the queue in one update, and one Postfix-style line per recipient is logged:
 * {@code ID: to=<r>, relay=host[ip]:port, delay=1.2, dsn=2.0.0, status=sent (250 2.0.0 ok)}.
 *
 * <p>Order, and why: the DSN is queued <em>before</em> the failed states are stored, because storing the last open
 * recipient's state removes the message and with it the header the DSN quotes. A crash between the two sends the
 * DSN again after the restart (at least once, like invariant 1's "may deliver twice"); the other order could lose
 * it. Delivered and deferred states are stored before they are logged or acted on (invariant 4).
 *
 * <p>A deferred recipient whose message is older than the queue lifetime fails instead, with 5.4.7 and the last
 * temporary reply (Postfix's {@code maximal_queue_lifetime}). The attempt that first defers a recipient after the
 * delay warning time (4 hours) also queues one {@code Action: delayed} notice for it; "first" is read from the
 * recipient's last attempt time, so no extra state is needed (a crash in between may lose or repeat that one
 * notice).
 *
 * <p>A delivered recipient whose next hop did not offer DSN, and whose NOTIFY asked for SUCCESS, is reported to the
 * sender as {@code Action: relayed} (RFC 3461 section 5.2.2): the chain of notifications ends with us. When the hop
 * offered DSN, the recipient's NOTIFY and ORCPT went along and that hop reports (section 5.2.1); we say nothing.
 * Each kind (failed, delayed, relayed) makes at most one DSN per message and attempt, listing all its recipients.
 */
public final class MessageDelivery {

    private static final Logger LOG = LoggerFactory.getLogger(MessageDelivery.class);

    private final QueueStore queue;
    private final DeliveryAttempt attempt;
    private final BounceGenerator bounces;
    private final Backoff backoff;
    private final QueueTimes times;
    private final Clock clock;
    private final Random random;
    private final Executor worker;
    private final DeliveryObserver observer;

    /**
     * @param queue    where the message, its states and the DSNs live
     * @param attempt  the network side
     * @param bounces  makes the DSNs
     * @param backoff  the retry schedule
     * @param times    the queue lifetime (5 days) and the delay warning time (4 hours)
     * @param clock    now: attempt times, retry times, expiry
     * @param random   the backoff's jitter
     * @param worker   where queue reads and DSN writing run; never an event loop
     */
    public MessageDelivery(QueueStore queue, DeliveryAttempt attempt, BounceGenerator bounces, Backoff backoff,
                           QueueTimes times, Clock clock, Random random, Executor worker) {
        this(queue, attempt, bounces, backoff, times, clock, random, worker, DeliveryObserver.NONE);
    }

    /** As above, telling {@code observer} of every outcome once it is recorded. */
    public MessageDelivery(QueueStore queue, DeliveryAttempt attempt, BounceGenerator bounces, Backoff backoff,
                           QueueTimes times, Clock clock, Random random, Executor worker,
                           DeliveryObserver observer) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.attempt = Objects.requireNonNull(attempt, "attempt");
        this.bounces = Objects.requireNonNull(bounces, "bounces");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
        this.times = Objects.requireNonNull(times, "times");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.worker = Objects.requireNonNull(worker, "worker");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /**
     * The recipients of {@code record} due at {@code now}, by destination (the part after the {@code @}), in
     * envelope order: pending ones, and deferred ones whose next attempt has come.
     */
    public static Map<MailHost, List<Integer>> dueByDestination(QueueRecord record, Instant now) {
        Map<MailHost, List<Integer>> units = new LinkedHashMap<>();
        List<Recipient> recipients = record.envelope().recipients();
        for (int i = 0; i < recipients.size(); i++) {
            RecipientState state = record.states().get(i);
            boolean due = state.status() == RecipientStatus.PENDING
                    || state.status() == RecipientStatus.DEFERRED && !state.nextAttempt().orElseThrow().isAfter(now);
            if (due) {
                units.computeIfAbsent(recipients.get(i).address().host(), h -> new ArrayList<>()).add(i);
            }
        }
        return units;
    }

    /**
     * Delivers {@code units} (from {@link #dueByDestination}) of {@code record}. Never completes exceptionally.
     *
     * @return true when the outcomes were recorded (or the message was gone); false when they could not be, so
     *         the recipients are still due and the caller should hold the message back for a while
     */
    public CompletionStage<Boolean> deliver(QueueRecord record, Map<MailHost, List<Integer>> units) {
        QueueId id = record.id();
        CompletableFuture<Optional<QueuedContent>> reading;
        try {
            reading = CompletableFuture.supplyAsync(() -> {
                try {
                    return QueuedContent.of(queue, id);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, worker);
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing was tried, nothing to record.
            return CompletableFuture.completedFuture(false);
        }
        return reading.thenCompose(content -> {
            if (content.isEmpty()) {
                LOG.info("{}: no longer queued, nothing to deliver", id);
                return CompletableFuture.completedFuture(true);
            }
            Envelope envelope = record.envelope();
            List<Integer> indexes = new ArrayList<>();
            List<CompletableFuture<List<DeliveryOutcome>>> running = new ArrayList<>();
            units.forEach((host, unit) -> {
                indexes.addAll(unit);
                List<Recipient> recipients = unit.stream().map(i -> envelope.recipients().get(i)).toList();
                running.add(attempt.run(id, host, envelope, recipients, content.get()).toCompletableFuture());
            });
            return CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
                    .thenComposeAsync(x -> {
                        List<DeliveryOutcome> outcomes = new ArrayList<>();
                        running.forEach(r -> outcomes.addAll(r.join()));
                        return record(record, indexes, outcomes);
                    }, worker);
        }).exceptionally(error -> {
            LOG.error("{}: delivery failed unexpectedly: {}", id, error.toString());
            return false;
        });
    }

    private CompletionStage<Boolean> record(QueueRecord record, List<Integer> indexes, List<DeliveryOutcome> outcomes) {
        Instant now = clock.instant();
        Envelope envelope = record.envelope();
        Instant arrival = envelope.origin().arrival();
        Instant expiry = arrival.plus(times.lifetime());
        boolean expired = !expiry.isAfter(now);
        Optional<Instant> warnAt = times.delayWarning().map(arrival::plus);
        Map<Integer, RecipientState> states = new LinkedHashMap<>();
        List<String> lines = new ArrayList<>();
        List<ReportedRecipient> failed = new ArrayList<>();
        List<ReportedRecipient> delayed = new ArrayList<>();
        List<ReportedRecipient> relayed = new ArrayList<>();
        List<DeliveryOutcome> recorded = new ArrayList<>();
        for (int k = 0; k < indexes.size(); k++) {
            int index = indexes.get(k);
            DeliveryOutcome outcome = outcomes.get(k);
            if (expired && outcome instanceof DeliveryOutcome.TempFail temp) {
                outcome = new DeliveryOutcome.PermFail(DeliveryReplies.expired(temp.reply()), temp.relay());
            }
            RecipientState before = record.states().get(index);
            int attempts = before.attempts() + 1;
            String reply = outcome.reply().toString();
            String status;
            if (outcome instanceof DeliveryOutcome.Delivered delivered) {
                states.put(index, RecipientState.delivered(attempts, now, reply));
                status = "sent";
                if (!delivered.dsnPassedOn()) {
                    relayed.add(new ReportedRecipient(envelope.recipients().get(index), outcome, now));
                }
            } else if (outcome instanceof DeliveryOutcome.TempFail) {
                Instant next = now.plus(backoff.next(attempts, random));
                states.put(index, RecipientState.deferred(attempts, now, next, reply));
                status = "deferred";
                // Once: on the attempt that is the first to end after the delay warning time.
                if (warnAt.isPresent() && !now.isBefore(warnAt.get())
                        && before.lastAttempt().map(last -> last.isBefore(warnAt.get())).orElse(true)) {
                    delayed.add(new ReportedRecipient(envelope.recipients().get(index), outcome, now));
                }
            } else {
                states.put(index, RecipientState.failed(attempts, now, reply));
                failed.add(new ReportedRecipient(envelope.recipients().get(index), outcome, now));
                status = "bounced";
            }
            lines.add(logLine(record, index, outcome, now, status));
            recorded.add(outcome);
        }
        BounceGenerator.Original original = () -> queue.openContent(record.id()).orElseThrow(
                () -> new IOException(record.id() + " is no longer queued"));
        if (!failed.isEmpty()) {
            try {
                bounces.bounce(record.id(), envelope, failed, original);
            } catch (IOException | RuntimeException e) {
                // The failure stays recorded; only the notification is lost, and loudly.
                LOG.error("{}: could not queue the non-delivery notification: {}", record.id(), e.toString());
            }
        }
        if (!delayed.isEmpty()) {
            try {
                bounces.delayNotice(record.id(), envelope, delayed, expiry, original);
            } catch (IOException | RuntimeException e) {
                LOG.error("{}: could not queue the delay notification: {}", record.id(), e.toString());
            }
        }
        if (!relayed.isEmpty()) {
            try {
                bounces.relayedNotice(record.id(), envelope, relayed, original);
            } catch (IOException | RuntimeException e) {
                LOG.error("{}: could not queue the success notification: {}", record.id(), e.toString());
            }
        }
        return queue.update(record.id(), current -> {
            QueueRecord updated = current;
            for (Map.Entry<Integer, RecipientState> e : states.entrySet()) {
                updated = updated.withState(e.getKey(), e.getValue());
            }
            return updated;
        }).handle((updated, error) -> {
            if (error != null) {
                // Not recorded: the recipients stay due and are tried again (at most a duplicate, never a loss).
                LOG.error("{}: could not record delivery outcomes: {}", record.id(), error.toString());
                return false;
            }
            lines.forEach(LOG::info);
            Duration sinceArrival = Duration.between(arrival, now);
            recorded.forEach(outcome -> observer.recorded(outcome, sinceArrival));
            return true;
        });
    }

    /** {@code ID: to=<r>, relay=host[ip]:port, delay=1.2, dsn=2.0.0, status=sent (250 2.0.0 ok)}. */
    static String logLine(QueueRecord record, int index, DeliveryOutcome outcome, Instant now,
                                  String status) {
        Duration delay = Duration.between(record.envelope().origin().arrival(), now);
        return String.format(Locale.ROOT, "%s: to=<%s>, relay=%s, delay=%.1f, dsn=%s, status=%s (%s)",
                record.id(), record.envelope().recipients().get(index).address(),
                outcome.relay().map(Relay::toString).orElse("none"), Math.max(0, delay.toMillis()) / 1000.0,
                outcome.dsn(), status, outcome.reply());
    }
}
