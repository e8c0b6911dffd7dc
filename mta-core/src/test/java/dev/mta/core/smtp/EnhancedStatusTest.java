package dev.mta.core.smtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnhancedStatusTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2.0.0,   2, 0,   0",
            "5.1.1,   5, 1,   1",
            "4.4.2,   4, 4,   2",
            "5.7.11,  5, 7,   11",
            "4.3.1,   4, 3,   1",
            "5.999.999, 5, 999, 999",
            "2.10.100, 2, 10, 100",
    })
    void parsesAndFormatsBack(String text, int statusClass, int subject, int detail) {
        EnhancedStatus status = EnhancedStatus.parse(text);

        assertEquals(new EnhancedStatus(statusClass, subject, detail), status);
        assertEquals(text, status.format());
        assertEquals(text, status.toString());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "",
            "5",
            "5.1",
            "5.1.",
            ".1.1",
            "5..1",
            "5.1.1.",
            "5.1.1.1",
            "3.1.1",    // 3xx replies have no enhanced status (RFC 2034 section 4)
            "1.0.0",
            "0.0.0",
            "6.1.1",
            "55.1.1",
            "5.01.1",   // leading zeros are not allowed (RFC 3463 section 2)
            "5.1.00",
            "5.1000.1",
            "5.1.1000",
            " 5.1.1",
            "5.1.1 ",
            "5. 1.1",
            "5.1.1\r\n",
            "5.1.\u0000",
            "5.-1.1",
            "5.+1.1",
            "5.a.1",
            "5,1,1",
            "\u0665.1.1",  // ARABIC-INDIC DIGIT FIVE: a digit to Character.isDigit, not to RFC 3463
            "5.\u0661.1",
            "5.1.1 Bad mailbox",
    })
    void rejectsWhatIsNotExactlyOneCode(String text) {
        assertTrue(EnhancedStatus.tryParse(text).isEmpty(), "tryParse");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EnhancedStatus.parse(text));
        assertFalse(e.getMessage().contains("\r") || e.getMessage().contains("\n") || e.getMessage().contains("\0"),
                "the message quotes the input safely: " + e.getMessage());
    }

    @Test
    void tryParseTakesNull() {
        assertTrue(EnhancedStatus.tryParse(null).isEmpty());
        assertThrows(NullPointerException.class, () -> EnhancedStatus.parse(null));
    }

    @ParameterizedTest(name = "{0}.{1}.{2}")
    @CsvSource({
            "3, 0, 0",
            "0, 0, 0",
            "6, 0, 0",
            "5, -1, 0",
            "5, 0, -1",
            "5, 1000, 0",
            "5, 0, 1000",
    })
    void constructorRefusesOutOfRangeFields(int statusClass, int subject, int detail) {
        assertThrows(IllegalArgumentException.class, () -> new EnhancedStatus(statusClass, subject, detail));
    }

    @ParameterizedTest(name = "{0} with {1}: {2}")
    @CsvSource({
            "2.0.0, 250, true",
            "2.0.0, 221, true",
            "2.0.0, 450, false",
            "4.3.1, 452, true",
            "4.3.1, 552, false",
            "5.1.1, 550, true",
            "5.1.1, 250, false",
            "2.0.0, 354, false",
    })
    void agreesOnlyWithReplyCodesOfItsClass(String status, int replyCode, boolean agrees) {
        assertEquals(agrees, EnhancedStatus.parse(status).agreesWith(replyCode));
    }
}
