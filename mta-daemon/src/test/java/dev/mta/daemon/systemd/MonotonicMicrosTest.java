package dev.mta.daemon.systemd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonotonicMicrosTest {

    @TempDir
    Path tmp;

    @Test
    void hotSpotOnLinuxReadsNanoTimeWhenItIsNotAheadOfBootTime() throws Exception {
        Path uptime = Files.writeString(tmp.resolve("uptime"), "1000.25 3900.10\n");

        assertEquals(OptionalLong.of(999_000_000L),
                new MonotonicMicros("Linux", "OpenJDK 64-Bit Server VM", () -> 999_000_000_000L, uptime).now());
        // Suspend makes boot time run ahead of the monotonic clock; never the other way round.
        assertEquals(OptionalLong.of(1_000_250_000L),
                new MonotonicMicros("Linux", "Java HotSpot(TM) 64-Bit Server VM", () -> 1_000_250_000_000L, uptime)
                        .now());
    }

    @Test
    void leavesTheFieldOutWhenTheClockCannotBeTrusted() throws Exception {
        Path uptime = Files.writeString(tmp.resolve("uptime"), "1000.25 3900.10\n");

        assertEquals(OptionalLong.empty(),
                new MonotonicMicros("Linux", "OpenJDK 64-Bit Server VM", () -> 5_000_000_000_000L, uptime).now(),
                "ahead of boot time: another origin");
        assertEquals(OptionalLong.empty(),
                new MonotonicMicros("Linux", "Eclipse OpenJ9 VM", () -> 999_000_000_000L, uptime).now());
        assertEquals(OptionalLong.empty(),
                new MonotonicMicros("Mac OS X", "OpenJDK 64-Bit Server VM", () -> 999_000_000_000L, uptime).now());
        assertEquals(OptionalLong.empty(), new MonotonicMicros("Linux", "OpenJDK 64-Bit Server VM",
                () -> 999_000_000_000L, tmp.resolve("missing")).now());
    }

    @Test
    void thisJvmOnThisMachineGivesAReading() {
        // The build runs on Linux with an OpenJDK: the honest path must work where we ship.
        assertTrue(MonotonicMicros.ofThisJvm().now().isPresent());
    }
}
