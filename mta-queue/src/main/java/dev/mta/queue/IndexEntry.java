package dev.mta.queue;

import dev.mta.core.sink.QueueId;

import java.time.Instant;
import java.util.Optional;

/**
 * What memory holds per queued message (DESIGN.md "Start, stop, reload": ids and due times, not whole
 * envelopes): where its content and its latest record are, and when it is due.
 *
 * @param id             the message
 * @param contentSegment the segment holding the message frame
 * @param storedOffset   where the stored header starts in that segment (the content follows it)
 * @param headerLength   bytes of the stored header
 * @param contentLength  bytes of content
 * @param recordSegment  the segment holding the latest record (message or state frame)
 * @param recordOffset   where that record starts
 * @param recordLength   its length
 * @param due            when delivery is next due; empty when held
 */
record IndexEntry(
        QueueId id,
        long contentSegment,
        long storedOffset,
        int headerLength,
        long contentLength,
        long recordSegment,
        long recordOffset,
        int recordLength,
        Optional<Instant> due) {

    IndexEntry withRecord(long segment, long offset, int length, Optional<Instant> newDue) {
        return new IndexEntry(id, contentSegment, storedOffset, headerLength, contentLength, segment, offset, length,
                newDue);
    }
}
