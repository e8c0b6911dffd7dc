package dev.mta.daemon.systemd;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class WatchdogIntervalTest {

    private static final long PID = 4242;

    @Test
    void pingsTwiceWithinTheTimeout() {
        assertEquals(Optional.of(Duration.ofSeconds(15)), WatchdogInterval.from(env("30000000", null), PID));
        assertEquals(Optional.of(Duration.ofSeconds(15)), WatchdogInterval.from(env("30000000", "4242"), PID));
    }

    @Test
    void notForAnotherProcessNorWithoutAUsableTimeout() {
        assertEquals(Optional.empty(), WatchdogInterval.from(env("30000000", "4243"), PID));
        assertEquals(Optional.empty(), WatchdogInterval.from(env(null, null), PID));
        assertEquals(Optional.empty(), WatchdogInterval.from(env("0", null), PID));
        assertEquals(Optional.empty(), WatchdogInterval.from(env("-5", null), PID));
        assertEquals(Optional.empty(), WatchdogInterval.from(env("30s", null), PID));
        assertEquals(Optional.empty(), WatchdogInterval.from(env("30000000", "me"), PID));
    }

    private static Map<String, String> env(String usec, String pid) {
        Map<String, String> env = new HashMap<>();
        if (usec != null) {
            env.put("WATCHDOG_USEC", usec);
        }
        if (pid != null) {
            env.put("WATCHDOG_PID", pid);
        }
        return env;
    }
}
