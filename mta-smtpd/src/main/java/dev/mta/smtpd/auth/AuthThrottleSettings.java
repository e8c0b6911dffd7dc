package dev.mta.smtpd.auth;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link AuthThrottle} limits password guessing.
 *
 * @param maxFailures   failed logins from one client within {@code window} that lock it out
 * @param window        the sliding window failures are counted in
 * @param lockout       how long a client is refused after {@code maxFailures} failures
 * @param failureDelay  how long the session waits before it answers a failed or refused AUTH; it schedules the
 *                      reply on its event loop, it does not sleep
 * @param maxClients    the most clients whose failures are remembered at once; bounds the table's memory
 */
public record AuthThrottleSettings(int maxFailures, Duration window, Duration lockout, Duration failureDelay,
                                   int maxClients) {

    /**
     * 5 failures a minute (SECURITY.md S-12: at most 5 guesses per minute per IP), then 5 minutes locked out,
     * 1 s before each failure reply (DESIGN.md: 535 after a delay), 10,000 clients remembered (about a
     * megabyte).
     */
    public static final AuthThrottleSettings DEFAULTS =
            new AuthThrottleSettings(5, Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofSeconds(1), 10_000);

    public AuthThrottleSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(lockout, "lockout");
        Objects.requireNonNull(failureDelay, "failureDelay");
        if (maxFailures < 1 || maxFailures > 1000) {
            throw new IllegalArgumentException("maxFailures must be 1 to 1000: " + maxFailures);
        }
        if (window.isZero() || window.isNegative() || lockout.isZero() || lockout.isNegative()) {
            throw new IllegalArgumentException("window and lockout must be positive");
        }
        if (failureDelay.isNegative()) {
            throw new IllegalArgumentException("failureDelay must not be negative: " + failureDelay);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be at least 1: " + maxClients);
        }
    }
}
