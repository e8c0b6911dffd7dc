package dev.mta.daemon.control;

import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.QueueIdGenerator;
import dev.mta.queue.QueueStore;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Answers the queue commands against the running daemon's queue (Postfix's {@code postqueue} and
 * {@code postsuper}): list and show read it; hold, release, delete and flush change it durably before the answer
 * says so, each logged by the queue with the message's id. A flush also wakes the delivery scheduler, so the
 * recipients made due are tried at once rather than at the next poll.
 */
public final class QueueControl implements ControlHandler {

    private static final Logger LOG = LoggerFactory.getLogger(QueueControl.class);
    /** A queue write waits for its sync; far longer than that means the disk is in trouble. */
    private static final long WRITE_WAIT_SECONDS = 60;

    private final QueueStore queue;
    private final Runnable wakeDelivery;
    private final Clock clock;

    /**
     * @param queue        the daemon's queue
     * @param wakeDelivery runs a delivery round soon (the scheduler's wake)
     * @param clock        the clock the delivery scheduler decides "due" by
     */
    public QueueControl(QueueStore queue, Runnable wakeDelivery, Clock clock) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.wakeDelivery = Objects.requireNonNull(wakeDelivery, "wakeDelivery");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handle(ControlRequest request, ControlAnswer answer) throws IOException {
        LOG.info("control: {}", TerminalText.escape(request.line().strip()));
        switch (request.command()) {
            case LIST -> new QueueListing(queue).list(answer.ok());
            case LIST_JSON -> new QueueListing(queue).listJson(answer.ok());
            case SHOW, SHOW_BODY -> show(request, answer);
            case HOLD -> one(request, answer, id -> queue.hold(id), "held");
            case RELEASE -> one(request, answer, id -> queue.release(id), "released");
            case DELETE -> one(request, answer, id -> queue.delete(id), "deleted");
            case FLUSH -> flush(request, answer);
            case DELETE_DEFERRED -> deleteAll(answer, r -> r.states().stream()
                    .anyMatch(s -> s.status() == RecipientStatus.DEFERRED));
            case DELETE_FROM -> deleteFrom(request.arguments().get(0), answer);
        }
    }

    private void show(ControlRequest request, ControlAnswer answer) throws IOException {
        Optional<QueueId> id = id(request, answer);
        if (id.isEmpty()) {
            return;
        }
        if (queue.record(id.get()).isEmpty()) {
            answer.error(id.get() + ": not in the queue");
            return;
        }
        Writer out = answer.ok();
        if (!new QueueListing(queue).show(id.get(), request.command() == ControlCommand.SHOW_BODY, out)) {
            out.write(id.get() + ": left the queue meanwhile\n");
        }
    }

    /** A change of one message's record, or its removal. */
    @FunctionalInterface
    private interface Change {
        CompletionStage<?> apply(QueueId id);
    }

    private void one(ControlRequest request, ControlAnswer answer, Change change, String done) throws IOException {
        Optional<QueueId> id = id(request, answer);
        if (id.isEmpty()) {
            return;
        }
        Optional<String> failure = await(change.apply(id.get()), id.get());
        if (failure.isPresent()) {
            answer.error(failure.get());
        } else {
            answer.ok().write(id.get() + ": " + done + "\n");
        }
    }

    private void flush(ControlRequest request, ControlAnswer answer) throws IOException {
        Instant now = clock.instant();
        if (request.arguments().size() == 1) {
            Optional<QueueId> id = id(request, answer);
            if (id.isEmpty()) {
                return;
            }
            Optional<QueueRecord> record = queue.record(id.get());
            Optional<String> failure = record.isEmpty() ? Optional.of(id.get() + ": not in the queue")
                    : await(queue.flush(id.get(), now), id.get());
            if (failure.isPresent()) {
                answer.error(failure.get());
                return;
            }
            wakeDelivery.run();
            answer.ok().write(id.get() + ": flushed" + (record.get().held() ? " (held: release it to deliver it)" : "")
                    + "\n");
            return;
        }
        Writer out = answer.ok();
        int flushed = 0;
        for (QueueId id : queue.ids()) {
            Optional<QueueRecord> record = queue.record(id);
            boolean waiting = record.isPresent() && record.get().states().stream().anyMatch(s ->
                    s.status() == RecipientStatus.DEFERRED && s.nextAttempt().orElseThrow().isAfter(now));
            if (waiting && await(queue.flush(id, now), id).isEmpty()) {
                flushed++;
            }
        }
        wakeDelivery.run();
        out.write(flushed + (flushed == 1 ? " message" : " messages") + " flushed\n");
    }

    private void deleteFrom(String sender, ControlAnswer answer) throws IOException {
        String wanted = sender.startsWith("<") && sender.endsWith(">") ? sender.substring(1, sender.length() - 1)
                : sender;
        // Compared without regard to case: what an operator types rarely matches the stored case exactly, and a
        // local part that differs only in case is the same mailbox on nearly every system.
        deleteAll(answer, r -> r.envelope().sender().mailbox().map(Object::toString).orElse("")
                .equalsIgnoreCase(wanted));
    }

    private void deleteAll(ControlAnswer answer, Predicate<QueueRecord> which) throws IOException {
        Writer out = answer.ok();
        int deleted = 0;
        for (QueueId id : queue.ids()) {
            Optional<QueueRecord> record = queue.record(id);
            if (record.isPresent() && which.test(record.get()) && await(queue.delete(id), id).isEmpty()) {
                out.write(id + ": deleted\n");
                deleted++;
            }
        }
        out.write(deleted + (deleted == 1 ? " message" : " messages") + " deleted\n");
    }

    /** The request's id argument; answers the error itself when it is not a queue id. */
    private static Optional<QueueId> id(ControlRequest request, ControlAnswer answer) throws IOException {
        String text = request.arguments().get(0);
        if (!QueueIdGenerator.isWellFormed(text)) {
            answer.error("not a queue id: " + text);
            return Optional.empty();
        }
        return Optional.of(new QueueId(text));
    }

    /** Waits for a queue write; the failure as a message, empty when it succeeded. */
    private static Optional<String> await(CompletionStage<?> stage, QueueId id) {
        try {
            stage.toCompletableFuture().get(WRITE_WAIT_SECONDS, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchElementException) {
                return Optional.of(id + ": not in the queue");
            }
            return Optional.of(id + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return Optional.of(id + ": the queue did not confirm the change within " + WRITE_WAIT_SECONDS + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(id + ": interrupted");
        }
    }
}
