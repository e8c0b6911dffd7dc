package dev.mta.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The engine's time: the wall clock, except that it never goes back (SECURITY.md R-05). When the wall clock jumps
 * back (an NTP step, a wrong manual setting), this clock stands at the last instant it gave and moves on from
 * there at the wall clock's pace, so retries stored against the old timeline come due on schedule instead of an
 * hour late. A forward jump is followed as it is: everything due comes due at once, and the scheduler's limits
 * spread it out.
 *
 * <p>The cost of a backward jump: this clock stays ahead of the wall clock by the size of the jump until the
 * process restarts, so a message may expire that much early. Thread-safe.
 */
public final class MonotonicClock extends Clock {

    private final Clock wall;
    private Duration ahead = Duration.ZERO;
    private Instant last = Instant.MIN;

    public MonotonicClock(Clock wall) {
        this.wall = Objects.requireNonNull(wall, "wall");
    }

    @Override
    public synchronized Instant instant() {
        Instant now = wall.instant().plus(ahead);
        if (now.isBefore(last)) {
            ahead = ahead.plus(Duration.between(now, last));
            now = last;
        }
        last = now;
        return now;
    }

    @Override
    public ZoneId getZone() {
        return wall.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MonotonicClock(wall.withZone(zone));
    }
}
