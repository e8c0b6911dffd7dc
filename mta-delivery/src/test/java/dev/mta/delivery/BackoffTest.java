package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {

    private static final Backoff DEFAULTS = new Backoff(RetrySettings.DEFAULTS);

    /** A jitter source that always draws the given share of its bound (0 = none, 1 = the most). */
    private static RandomGenerator fixed(double share) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public long nextLong(long bound) {
                return (long) Math.floor((bound - 1) * share);
            }
        };
    }

    @ParameterizedTest(name = "attempt {0}, jitter share {1} -> {2}")
    @CsvSource({
            // attempts, jitter share, expected delay: from 5 min, doubling, capped at 1 h
            "1, 0, PT5M",
            "2, 0, PT10M",
            "3, 0, PT20M",
            "4, 0, PT40M",
            "5, 0, PT1H",
            "50, 0, PT1H",
            // the most jitter: a tenth on top below the cap...
            "1, 1, PT5M30S",
            "3, 1, PT22M",
            "4, 1, PT44M",
            // ...and a tenth taken away at the cap, never over it
            "5, 1, PT54M",
            "1000, 1, PT54M",
    })
    void schedule(int attempts, double share, Duration expected) {
        assertEquals(expected, DEFAULTS.next(attempts, fixed(share)));
    }

    @Test
    void seededJitterStaysBetweenFirstDelayAndCap() {
        Random random = new Random(42);
        for (int attempts = 1; attempts <= 40; attempts++) {
            Duration d = DEFAULTS.next(attempts, random);
            Duration unjittered = DEFAULTS.next(attempts, fixed(0));
            assertTrue(d.compareTo(Duration.ofMinutes(5)) >= 0, d::toString);
            assertTrue(d.compareTo(Duration.ofHours(1)) <= 0, d::toString);
            // Below the cap jitter only adds; at the cap it takes away at most a tenth.
            Duration floor = unjittered.equals(Duration.ofHours(1)) ? Duration.ofMinutes(54) : unjittered;
            assertTrue(d.compareTo(floor) >= 0, () -> d + " below " + floor);
        }
    }

    @Test
    void sameSeedSameSchedule() {
        assertEquals(DEFAULTS.next(3, new Random(7)), DEFAULTS.next(3, new Random(7)));
    }

    @Test
    void customSettings() {
        Backoff backoff = new Backoff(new RetrySettings(Duration.ofSeconds(60), Duration.ofSeconds(100)));
        assertEquals(Duration.ofSeconds(60), backoff.next(1, fixed(0)));
        assertEquals(Duration.ofSeconds(100), backoff.next(2, fixed(0)));
    }

    @Test
    void zeroAttemptsIsAMistake() {
        assertThrows(IllegalArgumentException.class, () -> DEFAULTS.next(0, fixed(0)));
    }
}
