package dev.mta.delivery.route;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.config.IpAddresses;

import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalHostTest {

    @Test
    void specificListenerCountsOnlyItsAddress() throws Exception {
        LocalHost self = LocalHost.ofListeners("mx.example.test",
                List.of(new InetSocketAddress(IpAddresses.parse("127.0.0.1"), 25)));
        assertTrue(self.isOurAddress(IpAddresses.parse("127.0.0.1")));
        assertFalse(self.isOurAddress(IpAddresses.parse("127.0.0.2")), "another loopback address is an ordinary MX");
    }

    @Test
    void wildcardListenerCountsEveryLocalAddress() throws Exception {
        LocalHost self = LocalHost.ofListeners("mx.example.test",
                List.of(new InetSocketAddress(IpAddresses.parse("0.0.0.0"), 25)));
        assertTrue(self.isOurAddress(IpAddresses.parse("127.0.0.1")), "the loopback interface's address");
        assertFalse(self.isOurAddress(IpAddresses.parse("192.0.2.1")), "TEST-NET-1 is nobody's interface");
    }

    @Test
    void hostNameComparedWithoutCaseOrTrailingDot() {
        LocalHost self = new LocalHost("MX.Example.Test.", a -> false);
        assertTrue(self.isOurName("mx.example.test"));
        assertTrue(self.isOurName("mx.EXAMPLE.test."));
        assertFalse(self.isOurName("mx2.example.test"));
    }
}
