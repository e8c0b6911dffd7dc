package dev.mta.delivery.bounce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderTextTest {

    /** {@code \r} and {@code \n} written as text in the table. */
    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "Status          | 5.1.1                  | Status: 5.1.1\\r\\n",
            "Status          | a\\r\\nBcc: x           | Status: a  Bcc: x\\r\\n",
            "Status          | tab\\tNUL\u0000DEL\u007F  | Status: tab NUL DEL \\r\\n",
            "Diagnostic-Code | smtp; 550 5.1.1 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbb"
                    + " | Diagnostic-Code: smtp; 550 5.1.1\\r\\n aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa bbbb\\r\\n",
    })
    void field(String name, String value, String expected) {
        assertEquals(unescape(expected), HeaderText.field(name, unescape(value)));
    }

    @Test
    void longTokenWithoutSpacesIsCutAt998() {
        String field = HeaderText.field("X", "y".repeat(2000));
        assertTrue(field.length() <= 1000, () -> "length " + field.length());
        assertTrue(field.endsWith("\r\n"));
    }

    @Test
    void dateIsRfc5322InUtc() {
        assertEquals("Wed, 25 Nov 2026 12:00:00 +0000", HeaderText.date(Instant.parse("2026-11-25T12:00:00Z")));
    }
}
