package dev.mta.delivery;

import dev.mta.core.address.MailHost;
import dev.mta.core.sink.QueueId;
import dev.mta.queue.QueueReader;
import dev.mta.queue.record.QueueRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The delivery loop. One owner thread holds all scheduling state (what is in flight, how many attempts run per
 * destination and in all); nothing else touches it, so it needs no locks. Each round it asks the queue what is due
 * ({@link QueueReader#due}, by the injected {@link Clock}), groups each message's due recipients by destination,
 * and starts a {@link MessageDelivery} for those destinations that are under their limit; the rest stay due and
 * are taken in a later round. Nothing sleeps per message: the queue's index is the schedule, and a round runs
 * every poll interval, when an attempt ends, or when {@link #wake()} is called (new mail).
 *
 * <p>Stop: no new attempts; the stage of {@link #stop()} completes when the ones in flight have ended (they end
 * by themselves: every client step has a timeout).
 */
public final class DeliveryScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryScheduler.class);

    private final QueueReader queue;
    private final MessageDelivery delivery;
    private final SchedulerSettings settings;
    private final Clock clock;
    private final ScheduledExecutorService owner;

    // Owned by the owner thread.
    private final Set<QueueId> inFlight = new HashSet<>();
    private final Map<MailHost, Integer> perDestination = new HashMap<>();
    private final Map<QueueId, Instant> heldBack = new HashMap<>();
    // Due messages last seen waiting because every destination was at its limit, with those destinations: a
    // round skips them without reading their record again until one of them has room. Without it each round
    // (one per ended attempt) re-read and decoded every waiting record from disk.
    private final Map<QueueId, Set<MailHost>> waiting = new HashMap<>();
    private final List<CompletableFuture<Void>> idleWaiters = new ArrayList<>();
    private int running;
    private boolean stopping;
    private ScheduledFuture<?> poller;

    /**
     * @param queue    what is due, and the records
     * @param delivery delivers one message's due recipients
     * @param settings limits and pace
     * @param clock    what "due" is measured by; tests move it by hand
     */
    public DeliveryScheduler(QueueReader queue, MessageDelivery delivery, SchedulerSettings settings, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.delivery = Objects.requireNonNull(delivery, "delivery");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.owner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mta-delivery-scheduler");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the rounds, one each poll interval. */
    public void start() {
        owner.execute(() -> {
            if (poller == null && !stopping) {
                long every = settings.pollInterval().toNanos();
                poller = owner.scheduleWithFixedDelay(this::round, 0, every, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** Runs a round soon, e.g. after new mail was queued. */
    public void wake() {
        submit(this::round);
    }

    /**
     * Runs one round now and tells how many messages it started; for tests and the queue's flush command.
     */
    public CompletionStage<Integer> runOnce() {
        CompletableFuture<Integer> started = new CompletableFuture<>();
        if (!submit(() -> started.complete(round()))) {
            started.complete(0);
        }
        return started;
    }

    /** Completes when no attempt is in flight (rounds started by their ends included). */
    public CompletionStage<Void> idle() {
        CompletableFuture<Void> idle = new CompletableFuture<>();
        if (!submit(() -> {
            if (running == 0) {
                idle.complete(null);
            } else {
                idleWaiters.add(idle);
            }
        })) {
            idle.complete(null);
        }
        return idle;
    }

    /** Stops starting attempts; completes when those in flight have ended. */
    public CompletionStage<Void> stop() {
        CompletableFuture<Void> stopped = new CompletableFuture<>();
        if (!submit(() -> {
            stopping = true;
            if (poller != null) {
                poller.cancel(false);
            }
            idle().whenComplete((x, e) -> {
                owner.shutdown();
                stopped.complete(null);
            });
        })) {
            stopped.complete(null);
        }
        return stopped;
    }

    @Override
    public void close() {
        stop().toCompletableFuture().join();
    }

    private boolean submit(Runnable task) {
        try {
            owner.execute(task);
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    /** One round, on the owner thread. Returns how many messages it started. */
    private int round() {
        if (stopping) {
            return 0;
        }
        int started = 0;
        try {
            Instant now = clock.instant();
            // Ask for more than the batch by what is in flight, held back, or waiting for room at a busy
            // destination, all of which the queue still reports as due: otherwise a backlog for one busy domain
            // could fill the whole window and hide every other domain's mail behind it.
            heldBack.values().removeIf(until -> !until.isAfter(now));
            List<QueueId> due = queue.due(now,
                    settings.batch() + inFlight.size() + heldBack.size() + waiting.size());
            waiting.keySet().retainAll(new HashSet<>(due));
            for (QueueId id : due) {
                if (running >= settings.total()) {
                    break;
                }
                Set<MailHost> blockedOn = waiting.get(id);
                if (blockedOn != null && blockedOn.stream().allMatch(this::atLimit)) {
                    continue;
                }
                if (!inFlight.contains(id) && !heldBack.containsKey(id) && start(id, now)) {
                    started++;
                }
            }
        } catch (RuntimeException e) {
            // The loop must survive anything one message does; the next round tries again.
            LOG.error("delivery round failed: {}", e.toString());
        }
        return started;
    }

    private boolean start(QueueId id, Instant now) {
        Optional<QueueRecord> record;
        try {
            record = queue.record(id);
        } catch (IOException e) {
            LOG.warn("{}: cannot read queue record: {}", id, e.toString());
            return false;
        }
        if (record.isEmpty()) {
            return false;
        }
        Map<MailHost, List<Integer>> chosen = new LinkedHashMap<>();
        Map<MailHost, List<Integer>> units = MessageDelivery.dueByDestination(record.get(), now);
        for (Map.Entry<MailHost, List<Integer>> unit : units.entrySet()) {
            if (running + chosen.size() >= settings.total()) {
                break;
            }
            if (!atLimit(unit.getKey())) {
                chosen.put(unit.getKey(), unit.getValue());
            }
        }
        if (chosen.isEmpty()) {
            if (!units.isEmpty() && units.keySet().stream().allMatch(this::atLimit)) {
                waiting.put(id, Set.copyOf(units.keySet()));
            }
            return false;
        }
        waiting.remove(id);
        inFlight.add(id);
        running += chosen.size();
        chosen.keySet().forEach(host -> perDestination.merge(host, 1, Integer::sum));
        CompletionStage<Boolean> delivering;
        try {
            delivering = delivery.deliver(record.get(), chosen);
        } catch (RuntimeException e) {
            // A bug of ours: give the counts back so stop() can still finish.
            LOG.error("{}: could not start delivery: {}", id, e.toString());
            delivering = CompletableFuture.completedFuture(false);
        }
        delivering.whenComplete((recorded, e) -> submit(() -> {
            if (!Boolean.TRUE.equals(recorded)) {
                // Its recipients are still due: without this it would be started again at once, round after round.
                heldBack.put(id, clock.instant().plus(settings.retryUnrecorded()));
            }
            finished(id, chosen);
        }));
        return true;
    }

    private boolean atLimit(MailHost host) {
        return perDestination.getOrDefault(host, 0) >= settings.perDestination();
    }

    private void finished(QueueId id, Map<MailHost, List<Integer>> chosen) {
        inFlight.remove(id);
        running -= chosen.size();
        chosen.keySet().forEach(host -> perDestination.computeIfPresent(host, (h, n) -> n == 1 ? null : n - 1));
        // Room was made: what waited for it may start now, not a poll interval later.
        round();
        if (running == 0) {
            idleWaiters.forEach(w -> w.complete(null));
            idleWaiters.clear();
        }
    }
}
