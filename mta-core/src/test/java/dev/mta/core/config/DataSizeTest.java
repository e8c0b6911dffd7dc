package dev.mta.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataSizeTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" = {1} bytes")
    @CsvSource(delimiter = '|', value = {
            "36700160            | 36700160",
            "35MiB               | 36700160",
            "35 MiB              | 36700160",
            "' 35MiB '           | 36700160",
            "0                   | 0",
            "0MiB                | 0",
            "1B                  | 1",
            "1KiB                | 1024",
            "1536KiB             | 1572864",
            "2GiB                | 2147483648",
            "1TiB                | 1099511627776",
            "8388607TiB          | 9223370937343148032",
            "9223372036854775807 | 9223372036854775807",
            "007                 | 7",
    })
    void parsesValidSizes(String text, long bytes) {
        assertEquals(bytes, DataSize.parse(text).bytes());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "''                   | must not be empty",
            "-1                   | must not be negative",
            "-35MiB               | must not be negative",
            "1.5MiB               | whole number",
            "10 MB                | ambiguous",
            "10MB                 | ambiguous",
            "10k                  | ambiguous",
            "10mib                | case-sensitive",
            "10 XB                | unknown unit 'XB'",
            "MiB                  | must be a whole number of bytes",
            "+5                   | must be a whole number of bytes",
            "0x10                 | unknown unit 'x10'",
            "1 000                | unknown unit '000'",
            "99999999999999999999 | too large",
            "8388608TiB           | too large",
    })
    void refusesInvalidSizes(String text, String expected) {
        InvalidValueException e = assertThrows(InvalidValueException.class, () -> DataSize.parse(text));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1023, 1024, 36700160, 36700161, 1L << 40, Long.MAX_VALUE})
    void toStringParsesBackToTheSameSize(long bytes) {
        DataSize size = DataSize.ofBytes(bytes);
        assertEquals(size, DataSize.parse(size.toString()));
    }

    @Test
    void printsTheLargestWholeUnit() {
        assertEquals("35MiB", DataSize.parse("36700160").toString());
        assertEquals("36700161", DataSize.parse("36700161").toString());
        assertEquals("1536KiB", DataSize.parse("1536KiB").toString());
    }

    @Test
    void aNegativeSizeCannotBeConstructed() {
        assertThrows(IllegalArgumentException.class, () -> new DataSize(-1));
    }
}
