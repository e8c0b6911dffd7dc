package dev.mta.smtpd.auth;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The running count of AUTH failures that the daemon's metrics read. */
class AuthFailureCountTest {

    private final AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS, new TestClock());

    @Test
    void countsEveryFailureOfEveryClientAndKindButNoSuccess() throws Exception {
        InetAddress one = InetAddress.getByName("192.0.2.1");
        InetAddress two = InetAddress.getByName("2001:db8::2");
        assertEquals(0, throttle.failures());

        assertTrue(throttle.tryAcquire(one));
        throttle.failed(one);
        throttle.recordFailure(two);
        assertTrue(throttle.tryAcquire(two));
        throttle.succeeded(two);

        assertEquals(2, throttle.failures());
    }
}
