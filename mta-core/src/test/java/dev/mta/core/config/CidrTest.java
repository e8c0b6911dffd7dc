package dev.mta.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CidrTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" = {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.0/8          | 127.0.0.0/8",
            "::1/128              | ::1/128",
            "[::1]/128            | ::1/128",
            "10.0.0.1             | 10.0.0.1/32",
            "2001:DB8::/32        | 2001:db8::/32",
            "0.0.0.0/0            | 0.0.0.0/0",
            "::/0                 | ::/0",
            "192.168.16.0/20      | 192.168.16.0/20",
    })
    void parsesNetworks(String text, String canonical) {
        Cidr cidr = Cidr.parse(text);
        assertEquals(canonical, cidr.toString());
        assertEquals(cidr, Cidr.parse(cidr.toString()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1/8      | the network is 127.0.0.0/8",
            "2001:db8::1/32   | the network is 2001:db8::/32",
            "10.0.0.0/33      | prefix length must be 0..32",
            "::/129           | prefix length must be 0..128",
            "10.0.0.0/        | prefix length must be 0..32",
            "10.0.0.0/x       | prefix length must be 0..32",
            "10.0.0.0/-1      | prefix length must be 0..32",
            "example.com/24   | not an IP network",
            "''               | must not be empty",
            "300.0.0.0/8      | over 255",
            "10.0/8           | not an IPv4 address",
    })
    void refusesInvalidNetworks(String text, String expected) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Cidr.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0} contains {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.0/8     | 127.0.0.1         | true",
            "127.0.0.0/8     | 127.255.255.255   | true",
            "127.0.0.0/8     | 128.0.0.1         | false",
            "127.0.0.0/8     | ::ffff:127.0.0.1  | true",
            "127.0.0.0/8     | ::1               | false",
            "::1/128         | ::1               | true",
            "::1/128         | ::2               | false",
            "::1/128         | 127.0.0.1         | false",
            "10.0.0.0/12     | 10.15.255.255     | true",
            "10.0.0.0/12     | 10.16.0.0         | false",
            "0.0.0.0/0       | 203.0.113.9       | true",
            "0.0.0.0/0       | 2001:db8::1       | false",
            "2001:db8::/33   | 2001:db8:7fff::1  | true",
            "2001:db8::/33   | 2001:db8:8000::1  | false",
    })
    void containsExactlyTheAddressesOfTheNetwork(String cidr, String address, boolean expected) throws Exception {
        InetAddress a = InetAddress.getByName(address);
        assertEquals(expected, Cidr.parse(cidr).contains(a));
    }
}
