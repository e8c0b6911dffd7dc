package dev.mta.queue.record;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The delivery state of one recipient.
 *
 * @param status      pending, delivered, deferred or failed
 * @param attempts    how many delivery attempts were made
 * @param nextAttempt when to try again; set for a deferred recipient
 * @param lastAttempt when the last attempt ended
 * @param lastReply   the last reply or diagnostic, verbatim as received (it may hold any character; the codec
 *                    escapes what would break a line)
 */
public record RecipientState(
        RecipientStatus status,
        int attempts,
        Optional<Instant> nextAttempt,
        Optional<Instant> lastAttempt,
        Optional<String> lastReply) {

    /** A recipient not tried yet. */
    public static final RecipientState PENDING =
            new RecipientState(RecipientStatus.PENDING, 0, Optional.empty(), Optional.empty(), Optional.empty());

    public RecipientState {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(nextAttempt, "nextAttempt");
        Objects.requireNonNull(lastAttempt, "lastAttempt");
        Objects.requireNonNull(lastReply, "lastReply");
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts < 0");
        }
        if (status == RecipientStatus.DEFERRED && nextAttempt.isEmpty()) {
            throw new IllegalArgumentException("a deferred recipient needs a next attempt time");
        }
    }

    /** Delivered after {@code attempts} attempts, the last one ending at {@code at} with {@code reply}. */
    public static RecipientState delivered(int attempts, Instant at, String reply) {
        return new RecipientState(RecipientStatus.DELIVERED, attempts, Optional.empty(), Optional.of(at),
                Optional.of(reply));
    }

    /** Deferred after {@code attempts} attempts; tried again at {@code next}. */
    public static RecipientState deferred(int attempts, Instant at, Instant next, String reply) {
        return new RecipientState(RecipientStatus.DEFERRED, attempts, Optional.of(next), Optional.of(at),
                Optional.of(reply));
    }

    /** Failed permanently after {@code attempts} attempts. */
    public static RecipientState failed(int attempts, Instant at, String reply) {
        return new RecipientState(RecipientStatus.FAILED, attempts, Optional.empty(), Optional.of(at),
                Optional.of(reply));
    }
}
