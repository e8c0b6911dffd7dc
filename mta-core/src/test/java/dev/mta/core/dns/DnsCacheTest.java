package dev.mta.core.dns;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DnsCacheTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();

    private static Name n(String text) throws Exception {
        return Name.fromString(text, Name.root);
    }

    private static Answer.Found found(String name, long ttl) throws Exception {
        return new Answer.Found(List.of(new ARecord(n(name), DClass.IN, ttl, InetAddress.getByName("192.0.2.1"))),
                ttl);
    }

    @Test
    void keepsUntilTheTtlRunsOutAndCountsItDown() throws Exception {
        DnsCache cache = new DnsCache(10, clock, Duration.ofDays(1), Duration.ofHours(1));
        cache.put(n("a.test"), Type.A, found("a.test", 60));

        clock.now = clock.now.plusSeconds(45);
        assertEquals(15, ((Answer.Found) cache.get(n("A.TEST"), Type.A).orElseThrow()).ttlSeconds());
        assertEquals(Optional.empty(), cache.get(n("a.test"), Type.AAAA));

        clock.now = clock.now.plusSeconds(15);
        assertEquals(Optional.empty(), cache.get(n("a.test"), Type.A));
    }

    @Test
    void capsTtlsAndSkipsWhatMayNotBeKept() throws Exception {
        DnsCache cache = new DnsCache(10, clock, Duration.ofSeconds(100), Duration.ofSeconds(10));

        assertEquals(100, ((Answer.Found) cache.put(n("a.test"), Type.A, found("a.test", 86_400))).ttlSeconds());
        assertEquals(new Answer.Negative(true, 10), cache.put(n("b.test"), Type.A, new Answer.Negative(true, 3600)));
        cache.put(n("c.test"), Type.A, new Answer.Negative(true, 0));
        cache.put(n("d.test"), Type.A, new Answer.Failed("SERVFAIL"));

        assertEquals(2, cache.size());
    }

    @Test
    void dropsTheLeastRecentlyUsedWhenFull() throws Exception {
        DnsCache cache = new DnsCache(2, clock, Duration.ofDays(1), Duration.ofHours(1));
        cache.put(n("a.test"), Type.A, found("a.test", 60));
        cache.put(n("b.test"), Type.A, found("b.test", 60));
        cache.get(n("a.test"), Type.A);
        cache.put(n("c.test"), Type.A, found("c.test", 60));

        assertEquals(true, cache.get(n("a.test"), Type.A).isPresent());
        assertEquals(Optional.empty(), cache.get(n("b.test"), Type.A));
        assertEquals(true, cache.get(n("c.test"), Type.A).isPresent());
    }
}
