package dev.mta.core.address;

import static dev.mta.core.address.AddressCases.dns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The value types refuse what could never be written safely in a command, however they were built (a
 * queue file, an alias, code): SECURITY.md S-20, nothing we send carries CR or LF.
 */
class ValueTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"", "a\r\nRCPT TO:<x@y>", "a\n", "a\u0000", "a\u0085", "a\u2028", "a\uD800"})
    void aMailboxRefusesUnsafeLocalParts(String localPart) {
        assertThrows(IllegalArgumentException.class, () -> new Mailbox(localPart, dns("example.com")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\r\n", "ü.example", "a\u0000"})
    void aDomainRefusesUnsafeALabels(String ascii) {
        assertThrows(IllegalArgumentException.class, () -> new Domain(ascii, "example"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a b", "a\r\n", "a\u0000", "a\u0085"})
    void aDomainRefusesUnsafeULabels(String unicode) {
        assertThrows(IllegalArgumentException.class, () -> new Domain("example", unicode));
    }

    @Test
    void aDomainIsKeptInLowerCaseSoEqualityHolds() {
        assertEquals(dns("example.com"), new Domain("EXAMPLE.com", "example.com"));
        assertEquals("example.com", new Domain("EXAMPLE.com", "example.com").ascii());
    }

    @Test
    void anAddressLiteralIsOneValuePerHost() throws Exception {
        byte[] mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 192, 0, 2, 1};
        AddressLiteral fromMapped = new AddressLiteral(Inet6Address.getByAddress(null, mapped, -1));
        AddressLiteral named = new AddressLiteral(InetAddress.getByAddress("mx.example", new byte[] {(byte) 192, 0, 2, 1}));
        assertEquals(Inet4Address.class, fromMapped.address().getClass());
        assertEquals(fromMapped, named);
        assertEquals("[192.0.2.1]", named.toString());
    }

    @Test
    void anAddressLiteralHasNoScope() throws Exception {
        byte[] linkLocal = new byte[16];
        linkLocal[0] = (byte) 0xfe;
        linkLocal[1] = (byte) 0x80;
        linkLocal[15] = 1;
        Inet6Address scoped = Inet6Address.getByAddress(null, linkLocal, 2);
        assertThrows(IllegalArgumentException.class, () -> new AddressLiteral(scoped));
    }
}
