package dev.mta.core.dns;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one lookup, as a value. Only {@link TempFail} is a failure that may pass; the other outcomes are
 * answers the DNS gave, and the delivery engine acts on them (DESIGN.md invariant 9: SERVFAIL and timeouts defer,
 * never bounce).
 *
 * @param <T> the kind of record the lookup returns
 */
public sealed interface DnsResult<T>
        permits DnsResult.Records, DnsResult.NxDomain, DnsResult.NoData, DnsResult.NullMx, DnsResult.TempFail {

    /**
     * The records found, never empty.
     *
     * @param records the records, in the order the lookup defines (MX by preference, addresses by family)
     * @param ttl     how long they stay valid from now: the smallest TTL along the answer, CNAMEs included
     */
    record Records<T>(List<T> records, Duration ttl) implements DnsResult<T> {
        public Records {
            records = List.copyOf(records);
            Objects.requireNonNull(ttl, "ttl");
            if (records.isEmpty()) {
                throw new IllegalArgumentException("no records: that is NoData");
            }
            if (ttl.isNegative()) {
                throw new IllegalArgumentException("negative ttl");
            }
        }
    }

    /** The name does not exist (RCODE 3, RFC 1035 section 4.1.1; RFC 8020: nothing exists below it either). */
    record NxDomain<T>() implements DnsResult<T> {
    }

    /** The name exists but has no record of the type asked (RFC 2308 section 2.2). */
    record NoData<T>() implements DnsResult<T> {
    }

    /**
     * Only from an MX lookup: the domain publishes a null MX (RFC 7505 section 3), so it accepts no mail at all
     * and no A/AAAA fallback applies.
     */
    record NullMx<T>() implements DnsResult<T> {
    }

    /**
     * No answer we may act on yet: SERVFAIL, REFUSED, a timeout, a network error, a CNAME loop or an answer we
     * cannot read. The caller retries later.
     *
     * @param reason what went wrong, for the log
     */
    record TempFail<T>(String reason) implements DnsResult<T> {
        public TempFail {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The records, or an empty list for any answer saying there are none; throws for {@link TempFail}. This is the
     * shape {@code dev.mta.dkim.TxtLookup} wants, so the adapter is
     * {@code name -> resolver.txt(name).thenApply(DnsResult::recordsOrEmpty)}: a temporary failure becomes a
     * failed stage.
     *
     * @throws DnsTempFailException for {@link TempFail}
     */
    default List<T> recordsOrEmpty() {
        if (this instanceof Records<T> found) {
            return found.records();
        }
        if (this instanceof TempFail<T> failed) {
            throw new DnsTempFailException(failed.reason());
        }
        return List.of();
    }

    /** Whether the lookup failed temporarily. */
    default boolean isTempFail() {
        return this instanceof TempFail<T>;
    }
}
