package dev.mta.daemon.metrics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthCheckTest {

    @TempDir
    Path spool;

    @Test
    void healthyWithListenersAWritableSpoolAndSpaceAboveTheReserve() {
        assertEquals(new Health(List.of()), new HealthCheck(() -> true, spool, 1).check());
    }

    @Test
    void namesEveryProblem() {
        Health health = new HealthCheck(() -> false, spool.resolve("gone"), Long.MAX_VALUE).check();

        assertEquals(3, health.problems().size(), health.toString());
        assertEquals("the SMTP listeners are not bound", health.problems().get(0));
        assertTrue(health.problems().get(1).startsWith("queue directory " + spool.resolve("gone")
                + " is not writable: "), health.problems().get(1));
        assertTrue(health.problems().get(2).startsWith("free space of queue directory "), health.problems().get(2));
    }
}
