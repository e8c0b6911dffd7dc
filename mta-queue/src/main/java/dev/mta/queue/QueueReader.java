package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.queue.record.QueueRecord;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reading the queue, for delivery, the queue commands and tests. These calls read the disk: never call them
 * on an event loop.
 */
public interface QueueReader {

    /** The ids of every committed message that is still queued, in id (arrival) order. */
    List<QueueId> ids();

    /** How many messages are queued. */
    int size();

    /** Up to {@code max} messages due at or before {@code now}, earliest first (held messages never are). */
    List<QueueId> due(Instant now, int max);

    /** Bytes of a queued message as it is to be sent (stored header and content); empty when not queued. */
    OptionalLong messageSize(QueueId id);

    /** The latest envelope and recipient states of a queued message. */
    Optional<QueueRecord> record(QueueId id) throws IOException;

    /**
     * The message as it is to be sent: the header stored at commit (e.g. {@code DKIM-Signature}) followed by
     * the content as written. The caller closes the stream.
     */
    Optional<InputStream> openContent(QueueId id) throws IOException;
}
