package dev.mta.dkim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.mta.dkim.CanonicalizationTest.unescape;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TagListTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'v=1; a=rsa-sha256'           | 'v=1; a=rsa-sha256'",
        "'v=1;'                        | v=1",
        "' a = 1 ; b=2 '               | 'a=1; b=2'",
        "'a=1;\\r\\n b=2'              | 'a=1; b=2'",
        "'p='                          | p=",
        "'n=two words'                 | 'n=two words'",
        "'b=abc\\r\\n def=='           | 'b=abc\\r\\n def=='",
        "'x_1=y'                       | x_1=y",
    })
    void parsesValidLists(String input, String written) throws DkimParseException {
        assertEquals(unescape(written), TagList.parse(unescape(input)).toString());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "a=1; a=2",        // duplicate tag (RFC 6376 3.2)
        "a=1;;b=2",        // empty segment
        ";a=1",
        "",
        "=1",
        "1a=2",
        "a-b=2",
        "a",
        "a=1; b",
        "a=caf\u00e9",    // outside VALCHAR
        "a=x\\r\\ny",      // a line break that is not folding
        "a=x\\ny",
    })
    void rejectsBadLists(String input) {
        assertThrows(DkimParseException.class, () -> TagList.parse(unescape(input)));
    }

    @Test
    void keepsOrderAndFindsTags() throws DkimParseException {
        TagList tags = TagList.parse("z=1; a=2");
        assertEquals(Map.of("z", "1", "a", "2"), tags.tags());
        assertEquals("z", tags.tags().keySet().iterator().next());
        assertEquals("2", tags.require("a"));
        assertThrows(DkimParseException.class, () -> tags.require("b"));
    }
}
