package dev.mta.smtpd.session;

import dev.mta.core.config.Rate;
import dev.mta.testkit.dns.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-user send rate on a clock the test moves. */
class SendRateLimiterTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));

    @Test
    void theRateIsReachedThenTheWindowSlidesOn() {
        SendRateLimiter limiter = new SendRateLimiter(new Rate(3, Duration.ofHours(1)), clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.allows("alice@ours.test"), "message " + (i + 1));
            limiter.record("alice@ours.test");
        }
        assertFalse(limiter.allows("alice@ours.test"), "the fourth within the hour");
        assertFalse(limiter.allows("ALICE@ours.test"), "the same user in another case");
        assertTrue(limiter.allows("bob@ours.test"), "another user has a rate of his own");

        clock.advance(Duration.ofMinutes(59));
        assertFalse(limiter.allows("alice@ours.test"), "still inside the hour");
        clock.advance(Duration.ofMinutes(1));
        assertFalse(limiter.allows("alice@ours.test"), "a new window, but the last hour still counts all 3");
        clock.advance(Duration.ofMinutes(30));
        assertTrue(limiter.allows("alice@ours.test"), "half of the last window has slid out");
        limiter.record("alice@ours.test");
        assertTrue(limiter.allows("alice@ours.test"), "1 + 3 x 0.5 = 2.5");
        limiter.record("alice@ours.test");
        assertFalse(limiter.allows("alice@ours.test"), "2 + 3 x 0.5 = 3.5");
        clock.advance(Duration.ofHours(2));
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.allows("alice@ours.test"));
            limiter.record("alice@ours.test");
        }
        assertFalse(limiter.allows("alice@ours.test"));
    }

    @Test
    void memoryIsBoundedByForgettingIdleUsers() {
        SendRateLimiter limiter = new SendRateLimiter(new Rate(1, Duration.ofHours(1)), clock, 3);
        limiter.record("a@x.test");
        limiter.record("b@x.test");
        limiter.record("c@x.test");
        assertEquals(3, limiter.tracked());
        clock.advance(Duration.ofMinutes(1));
        limiter.record("d@x.test");
        assertEquals(3, limiter.tracked(), "the longest idle was forgotten");
        clock.advance(Duration.ofHours(3));
        limiter.record("e@x.test");
        assertEquals(1, limiter.tracked(), "users idle for two periods are forgotten first");
        assertFalse(limiter.allows("e@x.test"));
        assertTrue(limiter.allows("a@x.test"));
    }
}
