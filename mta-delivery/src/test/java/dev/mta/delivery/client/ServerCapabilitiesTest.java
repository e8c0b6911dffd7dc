package dev.mta.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.smtp.Reply;

import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ServerCapabilitiesTest {

    private static ServerCapabilities parse(String... extensions) {
        String[] lines = new String[extensions.length + 1];
        lines[0] = "mx.test";
        System.arraycopy(extensions, 0, lines, 1, extensions.length);
        return ServerCapabilities.fromEhlo(Reply.withoutStatus(250, lines));
    }

    @Test
    void everyKeywordWeUse() {
        ServerCapabilities caps = parse("PIPELINING", "SIZE 35882577", "8BITMIME", "SMTPUTF8", "CHUNKING",
                "BINARYMIME", "DSN", "STARTTLS", "ENHANCEDSTATUSCODES", "AUTH PLAIN login", "X-UNKNOWN 1 2",
                "VRFY");
        assertEquals(new ServerCapabilities(true, true, OptionalLong.of(35882577), true, true, true, true, true, true,
                true, Set.of("PLAIN", "LOGIN")), caps);
    }

    @Test
    void nothingOffered() {
        assertEquals(ServerCapabilities.NONE, parse());
        assertEquals(ServerCapabilities.NONE, parse("X-FOO", "AUTH=LOGIN", ""));
    }

    @Test
    void lowerCaseKeywordsCount() {
        ServerCapabilities caps = parse("pipelining", "starttls");
        assertTrue(caps.pipelining());
        assertTrue(caps.startTls());
    }

    @ParameterizedTest(name = "SIZE {0}")
    @CsvSource(delimiter = '|', textBlock = """
            1000                     | 1000
            0                        | -1
            ''                       | -1
            9223372036854775807      | 9223372036854775807
            9223372036854775808      | -1
            99999999999999999999999  | -1
            12a                      | -1
            -5                       | -1
            """)
    void sizeLimit(String parameter, long expected) {
        ServerCapabilities caps = parse(("SIZE " + parameter).trim());
        assertTrue(caps.size());
        assertEquals(expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected), caps.maxSize());
        assertFalse(caps.tooBig(Long.MAX_VALUE) && expected < 0);
    }

    @Test
    void tooBigComparesWithTheLimit() {
        ServerCapabilities caps = parse("SIZE 100");
        assertFalse(caps.tooBig(100));
        assertTrue(caps.tooBig(101));
    }
}
