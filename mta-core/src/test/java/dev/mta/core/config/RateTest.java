package dev.mta.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" = {1} per {2}")
    @CsvSource(delimiter = '|', value = {
            "1000/h      | 1000 | PT1H    | 1000/h",
            "1000 / h    | 1000 | PT1H    | 1000/h",
            "10/m        | 10   | PT1M    | 10/m",
            "5/s         | 5    | PT1S    | 5/s",
            "1/d         | 1    | PT24H   | 1/d",
            "100/10m     | 100  | PT10M   | 100/10m",
            "100/1h30m   | 100  | PT1H30M | 100/1h30m",
            "3/PT1H      | 3    | PT1H    | 3/h",
    })
    void parsesRates(String text, long count, String period, String canonical) {
        Rate rate = Rate.parse(text);
        assertEquals(count, rate.count());
        assertEquals(Duration.parse(period), rate.period());
        assertEquals(canonical, rate.toString());
        assertEquals(rate, Rate.parse(rate.toString()));
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "1000                   | must be a count and a period",
            "0/h                    | at least 1",
            "-1/h                   | must not be negative",
            "1000/                  | must not be empty",
            "1000/x                 | unknown unit 'x'",
            "abc/h                  | whole number",
            "1000/0s                | longer than zero",
            "99999999999999999999/h | too large",
            "1.5/h                  | whole number",
    })
    void refusesInvalidRates(String text, String expected) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> Rate.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
