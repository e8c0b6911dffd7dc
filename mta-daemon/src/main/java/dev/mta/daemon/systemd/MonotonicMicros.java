package dev.mta.daemon.systemd;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * CLOCK_MONOTONIC in microseconds, for {@code MONOTONIC_USEC}: sd_notify(3) asks for "the monotonic timestamp
 * (as per CLOCK_MONOTONIC)", and systemd compares it with its own reading of that clock.
 *
 * <p>Where it comes from, honestly: the JDK has no {@code clock_gettime}, and {@link System#nanoTime()} is
 * specified only as elapsed time from an arbitrary origin. HotSpot on Linux (every OpenJDK build) implements it
 * as {@code clock_gettime(CLOCK_MONOTONIC)} converted to nanoseconds with no offset ({@code os::javaTimeNanos}
 * in {@code os_linux.cpp}), so there, and only there, it is the value systemd wants. {@code /proc/uptime} is no
 * substitute: it is CLOCK_BOOTTIME, which also counts time suspended, in hundredths of a second. It serves as a
 * check instead: CLOCK_MONOTONIC can never be ahead of CLOCK_BOOTTIME, so a reading that is has some other
 * origin. When the VM is another or the check fails the field is left out, which systemd accepts: for
 * {@code Type=notify} a bare {@code RELOADING=1} is enough; the timestamp only matters to
 * {@code Type=notify-reload} (systemd 253, newer than Debian 12's 252).
 */
final class MonotonicMicros {

    /** /proc/uptime has a resolution of 10 ms; allow for it and for the read itself. */
    private static final long SLACK_MICROS = 50_000;

    private final boolean hotSpotOnLinux;
    private final LongSupplier nanoTime;
    private final Path uptime;

    MonotonicMicros(String osName, String vmName, LongSupplier nanoTime, Path uptime) {
        String vm = vmName.toLowerCase(Locale.ROOT);
        this.hotSpotOnLinux = osName.toLowerCase(Locale.ROOT).startsWith("linux")
                && (vm.contains("hotspot") || vm.contains("openjdk"));
        this.nanoTime = nanoTime;
        this.uptime = uptime;
    }

    /** This JVM's clock, checked against this machine's {@code /proc/uptime}. */
    static MonotonicMicros ofThisJvm() {
        return new MonotonicMicros(System.getProperty("os.name", ""), System.getProperty("java.vm.name", ""),
                System::nanoTime, Path.of("/proc/uptime"));
    }

    /** Now, on CLOCK_MONOTONIC; empty when this JVM's clock cannot be trusted to be that clock. Reads a file. */
    OptionalLong now() {
        if (!hotSpotOnLinux) {
            return OptionalLong.empty();
        }
        long micros = nanoTime.getAsLong() / 1_000;
        OptionalLong boottime = bootTimeMicros();
        if (micros <= 0 || boottime.isEmpty() || micros > boottime.getAsLong() + SLACK_MICROS) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(micros);
    }

    /** The first field of /proc/uptime ("12345.67 23456.78"), in microseconds. */
    private OptionalLong bootTimeMicros() {
        try {
            String text = Files.readString(uptime, StandardCharsets.US_ASCII).strip();
            String seconds = text.split("\\s+", 2)[0];
            return OptionalLong.of(new java.math.BigDecimal(seconds).movePointRight(6).longValueExact());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
