package dev.mta.queue.record;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.QueueId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the queue knows about one message besides its content: the envelope as accepted, one state per
 * recipient (in the envelope's recipient order), and whether an operator holds it.
 *
 * @param id       the queue id
 * @param envelope the envelope as accepted
 * @param states   one state per recipient of {@code envelope}, same order
 * @param held     whether delivery is suspended by an operator
 */
public record QueueRecord(QueueId id, Envelope envelope, List<RecipientState> states, boolean held) {

    public QueueRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(envelope, "envelope");
        states = List.copyOf(states);
        if (states.size() != envelope.recipients().size()) {
            throw new IllegalArgumentException(
                    states.size() + " states for " + envelope.recipients().size() + " recipients");
        }
    }

    /** A newly accepted message: every recipient pending, not held. */
    public static QueueRecord accepted(QueueId id, Envelope envelope) {
        return new QueueRecord(id, envelope,
                java.util.Collections.nCopies(envelope.recipients().size(), RecipientState.PENDING), false);
    }

    /** This record with recipient {@code index} in {@code state}. */
    public QueueRecord withState(int index, RecipientState state) {
        Objects.checkIndex(index, states.size());
        List<RecipientState> copy = new ArrayList<>(states);
        copy.set(index, Objects.requireNonNull(state, "state"));
        return new QueueRecord(id, envelope, copy, held);
    }

    /** This record held ({@code true}: no delivery until released) or released. */
    public QueueRecord withHeld(boolean hold) {
        return new QueueRecord(id, envelope, states, hold);
    }

    /**
     * This record with every deferred recipient due at {@code at} at the latest (the queue's flush, Postfix
     * {@code postqueue -i}); attempts and last reply are kept, so the backoff continues from where it was.
     */
    public QueueRecord withDeferredDueBy(Instant at) {
        List<RecipientState> copy = new ArrayList<>(states.size());
        for (RecipientState s : states) {
            boolean later = s.status() == RecipientStatus.DEFERRED && s.nextAttempt().orElseThrow().isAfter(at);
            copy.add(later ? new RecipientState(s.status(), s.attempts(), Optional.of(at), s.lastAttempt(),
                    s.lastReply()) : s);
        }
        return new QueueRecord(id, envelope, copy, held);
    }

    /** Whether no recipient is pending or deferred any more: the message can leave the queue. */
    public boolean isFinished() {
        return states.stream().noneMatch(s -> s.status().isOpen());
    }

    /**
     * When delivery is next due: the arrival time if a recipient is pending, else the earliest next attempt of
     * a deferred recipient; empty when finished or held.
     */
    public Optional<Instant> dueAt() {
        if (held) {
            return Optional.empty();
        }
        Instant due = null;
        for (RecipientState s : states) {
            Instant at = switch (s.status()) {
                case PENDING -> envelope.origin().arrival();
                case DEFERRED -> s.nextAttempt().orElseThrow();
                case DELIVERED, FAILED -> null;
            };
            if (at != null && (due == null || at.isBefore(due))) {
                due = at;
            }
        }
        return Optional.ofNullable(due);
    }
}
