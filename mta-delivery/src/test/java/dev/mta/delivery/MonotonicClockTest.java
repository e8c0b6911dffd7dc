package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mta.testkit.dns.ManualClock;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MonotonicClockTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @Test
    void followsTheWallClockForwards() {
        ManualClock wall = new ManualClock(T0);
        MonotonicClock clock = new MonotonicClock(wall);
        assertEquals(T0, clock.instant());
        wall.advance(Duration.ofDays(3));
        assertEquals(T0.plus(Duration.ofDays(3)), clock.instant());
    }

    @Test
    void backwardJumpIsAbsorbedAndTimeMovesOnAtTheWallClocksPace() {
        ManualClock wall = new ManualClock(T0);
        MonotonicClock clock = new MonotonicClock(wall);
        clock.instant();
        wall.advance(Duration.ofHours(-1));
        assertEquals(T0, clock.instant(), "stands still instead of going back");
        wall.advance(Duration.ofMinutes(10));
        assertEquals(T0.plus(Duration.ofMinutes(10)), clock.instant());
        wall.advance(Duration.ofMinutes(-5));
        assertEquals(T0.plus(Duration.ofMinutes(10)), clock.instant());
        wall.advance(Duration.ofMinutes(7));
        assertEquals(T0.plus(Duration.ofMinutes(17)), clock.instant());
    }
}
