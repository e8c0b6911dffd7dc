package dev.mta.smtpd.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthThrottleTest {

    private final TestClock clock = new TestClock();
    private final AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS, clock);

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no DNS lookup
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private void fail(InetAddress client) {
        assertTrue(throttle.tryAcquire(client), "attempt admitted");
        throttle.failed(client);
    }

    @Test
    void fiveFailuresInAMinuteLockTheClientOutEvenForTheRightPassword() {
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            fail(client);
            clock.advance(Duration.ofSeconds(10));
        }
        assertTrue(throttle.isLockedOut(client));
        assertFalse(throttle.tryAcquire(client), "6th attempt refused, whatever the password");
        assertEquals("454 4.7.0 Temporary authentication failure, try again later", throttle.refusal().toString());

        // failures at 0 to 40 s, the clock at 50 s, the lockout from 40 s to 340 s
        clock.advance(Duration.ofMinutes(5).minusSeconds(11));
        assertFalse(throttle.tryAcquire(client), "still locked just before the lockout ends");
        clock.advance(Duration.ofSeconds(1));
        assertTrue(throttle.tryAcquire(client), "admitted again after the lockout");
        throttle.succeeded(client);
        assertFalse(throttle.isLockedOut(client));
    }

    @Test
    void afterTheLockoutTheCountStartsAfresh() {
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            fail(client);
        }
        clock.advance(Duration.ofMinutes(5));
        for (int i = 0; i < 4; i++) {
            fail(client);
        }
        assertFalse(throttle.isLockedOut(client));
        fail(client);
        assertTrue(throttle.isLockedOut(client));
    }

    @Test
    void theWindowSlides() {
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 4; i++) {
            fail(client); // at 0, 10, 20, 30 s
            clock.advance(Duration.ofSeconds(10));
        }
        clock.advance(Duration.ofSeconds(20));
        // now 60 s: the failure at 0 s has left the window, so this is the 4th that counts, not the 5th
        fail(client);
        assertFalse(throttle.isLockedOut(client), "failures older than the window do not count");
        fail(client); // five within the last minute: 10, 20, 30, 60, 60
        assertTrue(throttle.isLockedOut(client));
    }

    @Test
    void failuresSpreadOverTimeNeverLock() {
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 100; i++) {
            fail(client);
            clock.advance(Duration.ofSeconds(15)); // at most 4 in any 60 s window
        }
        assertFalse(throttle.isLockedOut(client));
    }

    @Test
    void successesDoNotClearFailures() {
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 4; i++) {
            fail(client);
            assertTrue(throttle.tryAcquire(client));
            throttle.succeeded(client);
        }
        fail(client);
        assertTrue(throttle.isLockedOut(client));
    }

    @Test
    void attemptsInProgressCountSoParallelGuessesCannotExceedTheLimit() {
        InetAddress client = ip("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            assertTrue(throttle.tryAcquire(client), "attempt " + (i + 1));
        }
        assertFalse(throttle.tryAcquire(client), "a 6th parallel attempt");
        throttle.succeeded(client);
        assertTrue(throttle.tryAcquire(client), "a slot is free again");
    }

    @Test
    void clientsAreCountedSeparatelyAndIpv6ByItsSlash64() {
        for (int i = 0; i < 5; i++) {
            fail(ip("192.0.2.1"));
        }
        assertTrue(throttle.isLockedOut(ip("192.0.2.1")));
        assertFalse(throttle.isLockedOut(ip("192.0.2.2")));
        assertTrue(throttle.tryAcquire(ip("192.0.2.2")));

        for (int i = 0; i < 5; i++) {
            fail(ip("2001:db8:1:2::" + Integer.toHexString(i + 1)));
        }
        assertFalse(throttle.tryAcquire(ip("2001:db8:1:2:ffff:ffff:ffff:ffff")), "same /64");
        assertTrue(throttle.tryAcquire(ip("2001:db8:1:3::1")), "another /64");
    }

    @Test
    void theTableIsCappedAndExpiredEntriesGo() {
        AuthThrottle small = new AuthThrottle(new AuthThrottleSettings(5, Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofSeconds(1), 100), clock);
        for (int i = 0; i < 10_000; i++) {
            InetAddress client = ip("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
            assertTrue(small.tryAcquire(client));
            small.failed(client);
            assertTrue(small.trackedClients() <= 100, "at most 100 entries, has " + small.trackedClients());
        }
        assertEquals(100, small.trackedClients());
        clock.advance(Duration.ofMinutes(2));
        assertTrue(small.tryAcquire(ip("192.0.2.1")));
        assertEquals(1, small.trackedClients(), "entries whose failures left the window expire");
    }

    @Test
    void aLockedClientSurvivesAFloodSmallerThanTheTable() {
        AuthThrottle small = new AuthThrottle(new AuthThrottleSettings(5, Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofSeconds(1), 100), clock);
        InetAddress guesser = ip("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            assertTrue(small.tryAcquire(guesser));
            small.failed(guesser);
        }
        for (int i = 0; i < 98; i++) {
            InetAddress other = ip("10.0.0." + i);
            assertTrue(small.tryAcquire(other));
            small.failed(other);
        }
        assertFalse(small.tryAcquire(guesser));
    }

    @Test
    void failuresWithoutAnAttemptCountToo() {
        InetAddress client = ip("192.0.2.1");
        assertTrue(throttle.tryAcquire(client)); // an attempt in progress on another connection
        for (int i = 0; i < 4; i++) {
            throttle.recordFailure(client);
        }
        assertFalse(throttle.tryAcquire(client), "4 failures and 1 attempt in progress reach the limit");
        throttle.succeeded(client);
        assertFalse(throttle.isLockedOut(client));
        throttle.recordFailure(client);
        assertTrue(throttle.isLockedOut(client));
    }

    @Test
    void theFailureDelayIsTheConfiguredValue() {
        assertEquals(Duration.ofSeconds(1), throttle.failureDelay());
        AuthThrottle slower = new AuthThrottle(new AuthThrottleSettings(5, Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofMillis(1500), 10), clock);
        assertEquals(Duration.ofMillis(1500), slower.failureDelay());
    }
}
