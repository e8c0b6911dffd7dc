package dev.mta.core.sink;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueIdTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "00000000000000",
            "ZZZZZZZZZZZZZZ",
            "1KZ4Q0X7M2ABCD",
            "0123456789ABCD",
            "EFGHJKMNPQRSTV",
            "WXYZWXYZWXYZWX",
    })
    void takesFourteenCharactersOfTheAlphabet(String text) {
        assertTrue(QueueIdGenerator.isWellFormed(text));
        assertEquals(text, new QueueId(text).value());
        assertEquals(text, new QueueId(text).toString());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "",
            "0000000000000",           // 13
            "000000000000000",         // 15
            "0000000000000a",          // lower case: ids must be safe on case-insensitive file systems
            "0000000000000I",          // I, L, O and U are not in Crockford's alphabet
            "0000000000000L",
            "0000000000000O",
            "0000000000000U",
            "000000000000/0",
            "0000000000000.",
            "../../../etc/p",
            "0000000000000 ",
            "0000000000000\n",
            "000000000000\r\n",
            "0000000000000\u0000",
            "0000000000000\u00C4",
            "000000000000\uD83D\uDE00", // 14 chars, 13 code points
            "\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10\uFF10", // full-width 0
    })
    void rejectsEverythingElse(String text) {
        assertFalse(QueueIdGenerator.isWellFormed(text));
        assertThrows(IllegalArgumentException.class, () -> new QueueId(text));
    }

    @Test
    void rejectsNull() {
        assertThrows(NullPointerException.class, () -> new QueueId(null));
    }

    @Test
    void ordersAsItsText() {
        List<QueueId> ids = new ArrayList<>(List.of(
                new QueueId("10000000000000"), new QueueId("0ZZZZZZZZZZZZZ"), new QueueId("A0000000000000"),
                new QueueId("90000000000000"), new QueueId("00000000000001")));
        ids.sort(null);
        List<String> texts = ids.stream().map(QueueId::value).toList();
        List<String> sortedTexts = new ArrayList<>(texts);
        sortedTexts.sort(null);
        assertEquals(sortedTexts, texts);
        assertEquals("00000000000001", texts.get(0));
        assertEquals("A0000000000000", texts.get(4));
        assertEquals(0, new QueueId("0123456789ABCD").compareTo(new QueueId("0123456789ABCD")));
        assertEquals(new QueueId("0123456789ABCD"), new QueueId("0123456789ABCD"));
    }
}
