package dev.mta.core.sink;

import java.util.Objects;

/**
 * The id of a queued message: unique across restarts, ordered by arrival time when compared as text, short,
 * and safe as a file name. Made by {@link QueueIdGenerator}.
 *
 * @param value the id's text
 */
public record QueueId(String value) implements Comparable<QueueId> {

    public QueueId {
        Objects.requireNonNull(value, "value");
        if (!QueueIdGenerator.isWellFormed(value)) {
            throw new IllegalArgumentException("not a queue id: " + value);
        }
    }

    @Override
    public int compareTo(QueueId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
