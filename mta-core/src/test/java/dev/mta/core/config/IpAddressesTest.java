package dev.mta.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IpAddressesTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "192.0.2.1                | 192.0.2.1",
            "0.0.0.0                  | 0.0.0.0",
            "2001:0DB8:0:0:0:0:0:1    | 2001:db8::1",
            "::                       | ::",
            "::1                      | ::1",
            "1:0:0:1:0:0:0:1          | 1:0:0:1::1",
            "1:0:0:2:0:0:3:4          | 1::2:0:0:3:4",
            "1:2:3:4:5:6:7:0          | 1:2:3:4:5:6:7:0",
            "1:0:2:3:4:5:6:7          | 1:0:2:3:4:5:6:7",
            "fe80::                   | fe80::",
            "::ffff:192.0.2.1         | 192.0.2.1",
    })
    void parsesAndFormatsCanonically(String text, String canonical) {
        assertEquals(canonical, IpAddresses.format(IpAddresses.parse(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.2.3", "1.2.3.4.5", "256.1.1.1", "010.1.1.1", "1.2.3.-4", "1.2.3.4.", "fe80::1%eth0",
            "1::2::3", "gggg::1", "1:2:3:4:5:6:7:8:9", ""})
    void refusesAnythingElse(String text) {
        assertThrows(InvalidValueException.class, () -> IpAddresses.parse(text));
    }
}
