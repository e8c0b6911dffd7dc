package dev.mta.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NextHopTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" = {1} port {2}, MX lookup {3}")
    @CsvSource(delimiter = '|', value = {
            "[10.0.0.5]:25            | 10.0.0.5         | 25  | false | [10.0.0.5]:25",
            "10.0.0.5                 | 10.0.0.5         | 25  | false | [10.0.0.5]:25",
            "10.0.0.5:2525            | 10.0.0.5         | 2525| false | [10.0.0.5]:2525",
            "mail.example.net         | mail.example.net | 25  | true  | mail.example.net:25",
            "mail.example.net:587     | mail.example.net | 587 | true  | mail.example.net:587",
            "[mail.example.net]:587   | mail.example.net | 587 | false | [mail.example.net]:587",
            "[Mail.Example.net]       | mail.example.net | 25  | false | [mail.example.net]:25",
            "[2001:db8::5]            | 2001:db8::5      | 25  | false | [2001:db8::5]:25",
            "[2001:db8::5]:2525       | 2001:db8::5      | 2525| false | [2001:db8::5]:2525",
    })
    void parsesTheRouteForm(String text, String host, int port, boolean mx, String canonical) {
        NextHop hop = NextHop.parse(text);
        assertEquals(host, hop.destination().host());
        assertEquals(port, hop.destination().port());
        assertEquals(mx, hop.mxLookup());
        assertEquals(canonical, hop.toString());
        assertEquals(hop, NextHop.parse(hop.toString()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "mail.example.net:0     | port must be 1..65535",
            "[10.0.0.5]:99999       | port must be 1..65535",
            "2001:db8::5            | must be in brackets",
            "[mail.example.net]x    | expected ':port'",
            "[mail.example.net      | closing ']'",
            "''                     | must not be empty",
            "mail..example.net      | empty label",
    })
    void refusesInvalidRoutes(String text, String expected) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> NextHop.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
