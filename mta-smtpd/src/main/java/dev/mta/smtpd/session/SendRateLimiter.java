package dev.mta.smtpd.session;

import dev.mta.core.config.Rate;

import java.time.Clock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Messages per authenticated user and period (DESIGN.md: 1000 an hour by default, so one stolen password cannot
 * get the server's address blocklisted), answered {@code 450 4.7.1} at MAIL beyond it. Only authenticated users
 * are counted; relay networks without AUTH are not. A message counts once its commit succeeded, so refused and
 * aborted messages cost nothing.
 *
 * <p>The window slides, approximated with two fixed windows of one period each: the count of the current window
 * plus the previous window's count weighted by how much of it still lies within one period of now. Two numbers
 * per user, whatever the rate, instead of a time stamp per message; the estimate is exact at window borders and
 * never lets more than the rate through in any window-aligned period. Time comes from the injected clock.
 *
 * <p>Memory is bounded: at most {@code maxUsers} users are tracked; users idle for two periods are forgotten
 * first, then the longest idle. Thread-safe (sessions run on several event loops); two sessions of one user may
 * together pass the rate by the messages they have in flight, since the count is taken at commit.
 */
public final class SendRateLimiter {

    /** Users tracked at most by default; far more than a small server has, small enough to never matter. */
    public static final int DEFAULT_MAX_USERS = 10_000;

    private final Rate rate;
    private final Clock clock;
    private final int maxUsers;
    private final long periodMillis;
    private final Map<String, Window> windows = new HashMap<>();

    private static final class Window {
        long start;
        long current;
        long previous;
    }

    public SendRateLimiter(Rate rate, Clock clock) {
        this(rate, clock, DEFAULT_MAX_USERS);
    }

    public SendRateLimiter(Rate rate, Clock clock, int maxUsers) {
        this.rate = Objects.requireNonNull(rate, "rate");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxUsers < 1) {
            throw new IllegalArgumentException("maxUsers must be positive: " + maxUsers);
        }
        this.maxUsers = maxUsers;
        this.periodMillis = Math.max(1, rate.period().toMillis());
    }

    /** Whether the user may start another message now. */
    public synchronized boolean allows(String user) {
        Window window = windows.get(key(user));
        if (window == null) {
            return true;
        }
        long now = clock.millis();
        roll(window, now);
        return estimate(window, now) < rate.count();
    }

    /** Counts one message the user sent (its commit succeeded). */
    public synchronized void record(String user) {
        long now = clock.millis();
        String key = key(user);
        Window window = windows.get(key);
        if (window == null) {
            if (windows.size() >= maxUsers) {
                evict(now);
            }
            window = new Window();
            window.start = windowStart(now);
            windows.put(key, window);
        }
        roll(window, now);
        window.current++;
    }

    /** How many users are tracked now, for tests. */
    synchronized int tracked() {
        return windows.size();
    }

    public Rate rate() {
        return rate;
    }

    private double estimate(Window window, long now) {
        double elapsed = (double) (now - window.start) / periodMillis;
        return window.current + window.previous * Math.max(0, 1 - elapsed);
    }

    private void roll(Window window, long now) {
        long start = windowStart(now);
        if (start == window.start) {
            return;
        }
        window.previous = start - window.start == periodMillis ? window.current : 0;
        window.current = 0;
        window.start = start;
    }

    private long windowStart(long now) {
        return Math.floorDiv(now, periodMillis) * periodMillis;
    }

    /** Forgets users with nothing in either window; if none, the one idle longest. */
    private void evict(long now) {
        long stale = windowStart(now) - periodMillis;
        windows.values().removeIf(w -> w.start < stale);
        if (windows.size() < maxUsers) {
            return;
        }
        String oldest = null;
        long oldestStart = Long.MAX_VALUE;
        for (Iterator<Map.Entry<String, Window>> i = windows.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, Window> e = i.next();
            if (e.getValue().start < oldestStart) {
                oldestStart = e.getValue().start;
                oldest = e.getKey();
            }
        }
        windows.remove(oldest);
    }

    private static String key(String user) {
        return Objects.requireNonNull(user, "user").toLowerCase(Locale.ROOT);
    }
}
