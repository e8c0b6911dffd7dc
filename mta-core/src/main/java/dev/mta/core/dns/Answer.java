package dev.mta.core.dns;

import org.xbill.DNS.Name;
import org.xbill.DNS.Record;

import java.util.List;

/**
 * What one question (name and type) came to, before a lookup turns it into typed records: the stage the cache
 * keeps. TTLs are in seconds, already the smallest along the CNAME chain.
 */
sealed interface Answer {

    /** Records of the asked type at the end of the CNAME chain, never empty. */
    record Found(List<Record> records, long ttlSeconds) implements Answer {
        public Found {
            records = List.copyOf(records);
        }
    }

    /** NXDOMAIN ({@code nxDomain}) or no data; a TTL of 0 means not cacheable (no SOA, RFC 2308 section 5). */
    record Negative(boolean nxDomain, long ttlSeconds) implements Answer {
    }

    /** Nothing we may act on: never cached. */
    record Failed(String reason) implements Answer {
    }

    /**
     * The answer ended in a CNAME whose target it did not resolve: ask again for {@code target}. Never leaves the
     * resolver and is never cached.
     *
     * @param chain every name seen so far, the first question first
     */
    record Alias(Name target, List<Name> chain, long ttlSeconds) implements Answer {
        public Alias {
            chain = List.copyOf(chain);
        }
    }
}
