package dev.mta.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostAndPortTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" = {1} port {2}")
    @CsvSource(delimiter = '|', value = {
            "0.0.0.0:25               | 0.0.0.0          | 25    | true",
            "127.0.0.1:0              | 127.0.0.1        | 0     | true",
            "127.0.0.1:65535          | 127.0.0.1        | 65535 | true",
            "[::]:25                  | ::               | 25    | true",
            "[2001:DB8:0::1]:587      | 2001:db8::1      | 587   | true",
            "[::ffff:127.0.0.1]:25    | 127.0.0.1        | 25    | true",
            "Mail.Example.COM:25      | mail.example.com | 25    | false",
            "localhost:2525           | localhost        | 2525  | false",
            "' 10.0.0.5:25 '          | 10.0.0.5         | 25    | true",
    })
    void parsesValidHostAndPort(String text, String host, int port, boolean address) {
        HostAndPort hp = HostAndPort.parse(text);
        assertEquals(host, hp.host());
        assertEquals(port, hp.port());
        assertEquals(address, hp.isAddress());
        assertEquals(hp, HostAndPort.parse(hp.toString()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "127.0.0.1:99999     | port must be 0..65535",
            "127.0.0.1:123456    | port must be 0..65535",
            "127.0.0.1:-1        | port must be 0..65535",
            "127.0.0.1:2a        | port must be 0..65535",
            "127.0.0.1:          | missing port",
            "127.0.0.1           | needs a port",
            "''                  | must not be empty",
            "::1:25              | must be in brackets",
            "[::1]25             | expected ':port' after ']'",
            "[::1                | without a closing ']'",
            "[]:25               | empty host",
            "[127.0.0.1]:25      | only for IPv6",
            "[fe80::1%eth0]:25   | zone",
            "[1::2::3]:25        | not an IPv6 address",
            "256.0.0.1:25        | over 255",
            "01.2.3.4:25         | leading zero",
            "1.2.3:25            | not an IPv4 address",
            "exa_mple.com:25     | not allowed in a domain name",
            ":25                 | missing host",
    })
    void refusesInvalidHostAndPort(String text, String expected) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> HostAndPort.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void anAddressBecomesAResolvedSocketAddressAndANameStaysUnresolved() {
        InetSocketAddress bound = HostAndPort.parse("127.0.0.1:25").toSocketAddress();
        assertFalse(bound.isUnresolved());
        assertEquals(25, bound.getPort());
        InetSocketAddress named = HostAndPort.parse("mail.example.com:25").toSocketAddress();
        assertTrue(named.isUnresolved());
        assertEquals("mail.example.com", named.getHostString());
    }

    @Test
    void printsIpv6InBrackets() {
        assertEquals("[2001:db8::1]:25", HostAndPort.parse("[2001:db8:0:0::1]:25").toString());
    }
}
