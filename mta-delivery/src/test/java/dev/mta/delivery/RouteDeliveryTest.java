package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.config.IpAddresses;
import dev.mta.core.sink.QueueId;
import dev.mta.testkit.Envelopes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A per-domain route to a host and port named explicitly: no DNS, no loop check, a port other than 25. */
class RouteDeliveryTest {

    @TempDir
    Path spool;

    @Test
    void routeToLoopbackPortDeliversWithoutDnsEvenToOurOwnAddress() throws Exception {
        try (DeliveryFixture f = new DeliveryFixture(spool, Map.of("routed.test", "[127.0.0.1]:0"))) {
            // Our listeners are on 127.0.0.1 too: a route that names the host is still no loop.
            f.local.add(IpAddresses.parse("127.0.0.1"));
            QueueId id = f.enqueue(Envelopes.builder().recipients("bob@routed.test").build());
            f.deliverNow(id);
            assertEquals(List.of("RCPT TO:<bob@routed.test>"), f.smtp.takeTransaction(Duration.ofSeconds(10)).rcpts());
            assertTrue(f.record(id).isEmpty());
            assertEquals(0, f.dns.queries("routed.test"), "no DNS for a bracketed address route");
        }
    }
}
