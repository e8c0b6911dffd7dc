package dev.mta.queue;

import dev.mta.core.sink.QueueId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The in-memory view of the queue: entries by id, the schedule (entries by due time), and how many live
 * entries and live bytes each segment still holds, which decide when a segment may be deleted or is worth
 * compacting. One lock; every method is short and does no I/O.
 */
final class Index {

    private record Due(Instant at, QueueId id) implements Comparable<Due> {
        @Override
        public int compareTo(Due o) {
            int c = at.compareTo(o.at);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    private final Map<QueueId, IndexEntry> entries = new HashMap<>();
    private final TreeSet<Due> schedule = new TreeSet<>();
    private final TreeMap<Long, Integer> segmentRefs = new TreeMap<>();
    private final TreeMap<Long, Long> segmentBytes = new TreeMap<>();

    synchronized void put(IndexEntry entry) {
        IndexEntry old = entries.put(entry.id(), entry);
        if (old != null) {
            unlink(old);
        }
        link(entry);
    }

    synchronized void putAll(Collection<IndexEntry> all) {
        for (IndexEntry e : all) {
            put(e);
        }
    }

    synchronized Optional<IndexEntry> remove(QueueId id) {
        IndexEntry old = entries.remove(id);
        if (old != null) {
            unlink(old);
        }
        return Optional.ofNullable(old);
    }

    synchronized Optional<IndexEntry> get(QueueId id) {
        return Optional.ofNullable(entries.get(id));
    }

    synchronized List<QueueId> ids() {
        List<QueueId> ids = new ArrayList<>(entries.keySet());
        ids.sort(null);
        return ids;
    }

    synchronized int size() {
        return entries.size();
    }

    /** Entries without a due time: held by the operator. Every other entry is on the schedule. */
    synchronized int held() {
        return entries.size() - schedule.size();
    }

    /** Up to {@code max} ids due at or before {@code now}, earliest first. */
    synchronized List<QueueId> due(Instant now, int max) {
        List<QueueId> out = new ArrayList<>();
        for (Due d : schedule) {
            if (d.at.isAfter(now) || out.size() >= max) {
                break;
            }
            out.add(d.id);
        }
        return out;
    }

    /** Whether any live entry still has its message frame or its latest record in {@code segment}. */
    synchronized boolean isReferenced(long segment) {
        return segmentRefs.getOrDefault(segment, 0) > 0;
    }

    /** Bytes of {@code segment} that live entries still need: stored headers, contents, latest records. */
    synchronized long liveBytes(long segment) {
        return segmentBytes.getOrDefault(segment, 0L);
    }

    /** The live entries with their message frame or their latest record in {@code segment}, in id order. */
    synchronized List<IndexEntry> referencing(long segment) {
        List<IndexEntry> out = new ArrayList<>();
        for (IndexEntry e : entries.values()) {
            if (e.contentSegment() == segment || e.recordSegment() == segment) {
                out.add(e);
            }
        }
        out.sort((a, b) -> a.id().compareTo(b.id()));
        return out;
    }

    private void link(IndexEntry e) {
        e.due().ifPresent(at -> schedule.add(new Due(at, e.id())));
        segmentRefs.merge(e.contentSegment(), 1, Integer::sum);
        segmentRefs.merge(e.recordSegment(), 1, Integer::sum);
        segmentBytes.merge(e.contentSegment(), e.headerLength() + e.contentLength(), Long::sum);
        segmentBytes.merge(e.recordSegment(), (long) e.recordLength(), Long::sum);
    }

    private void unlink(IndexEntry e) {
        e.due().ifPresent(at -> schedule.remove(new Due(at, e.id())));
        decrement(e.contentSegment());
        decrement(e.recordSegment());
        subtract(e.contentSegment(), e.headerLength() + e.contentLength());
        subtract(e.recordSegment(), e.recordLength());
    }

    private void subtract(long segment, long bytes) {
        segmentBytes.computeIfPresent(segment, (k, v) -> v - bytes <= 0 ? null : v - bytes);
    }

    private void decrement(long segment) {
        segmentRefs.computeIfPresent(segment, (k, v) -> v == 1 ? null : v - 1);
    }
}
