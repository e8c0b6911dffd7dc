package dev.mta.daemon.systemd;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How often to send {@code WATCHDOG=1}: half of {@code $WATCHDOG_USEC}, as sd_watchdog_enabled(3) advises, when
 * that is set and {@code $WATCHDOG_PID} is absent or names this process (a child that inherited the variables
 * must not ping for its parent).
 */
final class WatchdogInterval {

    private WatchdogInterval() {
    }

    /**
     * @param environment the process environment
     * @param pid         this process's id
     * @return the ping interval; empty when no watchdog is asked for or the variables are not for us
     */
    static Optional<Duration> from(Map<String, String> environment, long pid) {
        String usec = environment.get("WATCHDOG_USEC");
        if (usec == null) {
            return Optional.empty();
        }
        String forPid = environment.get("WATCHDOG_PID");
        try {
            if (forPid != null && Long.parseLong(forPid.strip()) != pid) {
                return Optional.empty();
            }
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(Math.multiplyExact(micros, 500L))) : Optional.empty();
        } catch (NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
    }
}
