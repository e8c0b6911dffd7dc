package dev.mta.core.dns;

import org.xbill.DNS.Name;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Answers by name and type until their TTL runs out, by an injected clock; the least recently used answer goes
 * first when the cache is full. Only {@link Answer.Found} and {@link Answer.Negative} with a TTL above zero are
 * kept; failures are never kept, so the next attempt asks again (RFC 2308 section 7 allows caching SERVFAIL for
 * up to five minutes; the queue's backoff already spaces retries). Thread-safe; the lock is held only for map
 * operations.
 */
final class DnsCache {

    private record Key(String name, int type) {
    }

    private record Entry(Answer answer, Instant expires) {
    }

    private final int maxEntries;
    private final Clock clock;
    private final Duration maxTtl;
    private final Duration maxNegativeTtl;
    private final Map<Key, Entry> entries;

    DnsCache(int maxEntries, Clock clock, Duration maxTtl, Duration maxNegativeTtl) {
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.maxTtl = maxTtl;
        this.maxNegativeTtl = maxNegativeTtl;
        this.entries = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** The answer with its TTL lowered to what remains, if one is kept and not yet expired. */
    Optional<Answer> get(Name name, int type) {
        Key key = key(name, type);
        Instant now = clock.instant();
        Entry entry;
        synchronized (entries) {
            entry = entries.get(key);
            if (entry == null) {
                return Optional.empty();
            }
            if (!now.isBefore(entry.expires())) {
                entries.remove(key);
                return Optional.empty();
            }
        }
        long remaining = Math.max(1, Duration.between(now, entry.expires()).toSeconds());
        Answer answer = entry.answer();
        if (answer instanceof Answer.Found found) {
            return Optional.of(new Answer.Found(found.records(), remaining));
        }
        Answer.Negative negative = (Answer.Negative) answer;
        return Optional.of(new Answer.Negative(negative.nxDomain(), remaining));
    }

    /** Caps the answer's TTL, keeps it if it may be kept, and returns it with the capped TTL. */
    Answer put(Name name, int type, Answer answer) {
        Answer capped = capped(answer);
        long ttl = capped instanceof Answer.Found found ? found.ttlSeconds()
                : capped instanceof Answer.Negative negative ? negative.ttlSeconds() : 0;
        if (ttl <= 0 || maxEntries == 0) {
            return capped;
        }
        Entry entry = new Entry(capped, clock.instant().plusSeconds(ttl));
        synchronized (entries) {
            entries.put(key(name, type), entry);
            while (entries.size() > maxEntries) {
                entries.remove(entries.keySet().iterator().next());
            }
        }
        return capped;
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private Answer capped(Answer answer) {
        if (answer instanceof Answer.Found found) {
            return new Answer.Found(found.records(), Math.min(found.ttlSeconds(), maxTtl.toSeconds()));
        }
        if (answer instanceof Answer.Negative negative) {
            return new Answer.Negative(negative.nxDomain(),
                    Math.min(negative.ttlSeconds(), maxNegativeTtl.toSeconds()));
        }
        return answer;
    }

    private static Key key(Name name, int type) {
        return new Key(name.toString().toLowerCase(Locale.ROOT), type);
    }
}
