package dev.mta.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DurationsTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" = {1}")
    @CsvSource(delimiter = '|', value = {
            "30s      | PT30S",
            "5m       | PT5M",
            "1h       | PT1H",
            "5d       | PT120H",
            "4h       | PT4H",
            "1h30m    | PT1H30M",
            "1h 30m   | PT1H30M",
            "5 m      | PT5M",
            "90ms     | PT0.09S",
            "1d2h3m4s5ms | PT26H3M4.005S",
            "0s       | PT0S",
            "PT5M     | PT5M",
            "P5D      | PT120H",
            "pt1h     | PT1H",
            "PT0.5S   | PT0.5S",
    })
    void parsesValidDurations(String text, String iso) {
        assertEquals(Duration.parse(iso), Durations.parse(text));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                 | must not be empty",
            "300                | needs a unit",
            "-5m                | must not be negative",
            "-PT5M              | must not be negative",
            "PT-5M              | must not be negative",
            "5M                 | unknown unit 'M'",
            "5 min              | unknown unit 'min'",
            "1.5h               | whole number",
            "30m1h              | largest to the smallest",
            "5m5m               | largest to the smallest",
            "99999999999999999d | too large",
            "P                  | not an ISO-8601 duration",
            "PT5X               | not an ISO-8601 duration",
            "h                  | must be a whole number",
            "5x                 | unknown unit 'x'",
    })
    void refusesInvalidDurations(String text, String expected) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Durations.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest(name = "[{index}] {0} -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "PT5M           | 5m",
            "PT1H           | 1h",
            "PT120H         | 5d",
            "PT1H30M        | 1h30m",
            "PT1.5S         | 1s500ms",
            "PT0S           | 0s",
            "PT0.000000001S | PT0.000000001S",
    })
    void formatsShortAndParsesBack(String iso, String text) {
        Duration d = Duration.parse(iso);
        assertEquals(text, Durations.format(d));
        assertEquals(d, Durations.parse(Durations.format(d)));
    }
}
