package dev.mta.daemon.control;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** What reaches a terminal: every control, separator and bidi control visible; JSON exact yet as safe. */
class TerminalTextTest {

    static Stream<Arguments> escapes() {
        return Stream.of(
                arguments("451 4.3.0 later", "451 4.3.0 later"),
                arguments("\u001b[31mred", "\\x1b[31mred"),
                arguments("line\r\nInjected: yes", "line\\x0d\\x0aInjected: yes"),
                arguments("nul\u0000", "nul\\x00"),
                arguments("del\u007f c1\u009b", "del\\x7f c1\\x9b"),
                arguments("back\\slash", "back\\\\slash"),
                arguments("\u202eevil", "\\u202eevil"),
                arguments("sep\u2028", "sep\\u2028"),
                arguments("tab\there", "tab\\x09here"),
                arguments("j\u00f6rg", "j\u00f6rg"));
    }

    @ParameterizedTest
    @MethodSource("escapes")
    void escape(String text, String shown) {
        assertEquals(shown, TerminalText.escape(text));
    }

    static Stream<Arguments> lines() {
        return Stream.of(arguments("tab\there", "tab\there"), arguments("\u001b[2J", "\\x1b[2J"));
    }

    @ParameterizedTest
    @MethodSource("lines")
    void aLineOfAMessageKeepsItsTabs(String text, String shown) {
        assertEquals(shown, TerminalText.escapeLine(text));
    }

    static Stream<Arguments> json() {
        return Stream.of(
                arguments("plain", "\"plain\""),
                arguments("a\"b\\c", "\"a\\\"b\\\\c\""),
                arguments("\r\n\t", "\"\\r\\n\\t\""),
                arguments("\u001b\u007f\u0085\u2028\u202e", "\"\\u001b\\u007f\\u0085\\u2028\\u202e\""),
                arguments("j\u00f6rg", "\"j\u00f6rg\""));
    }

    @ParameterizedTest
    @MethodSource("json")
    void jsonStrings(String text, String quoted) {
        assertEquals(quoted, Json.quote(text));
    }
}
