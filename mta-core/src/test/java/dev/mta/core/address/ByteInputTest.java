package dev.mta.core.address;

import static dev.mta.core.address.Parsed.Problem.NEEDS_SMTPUTF8;
import static dev.mta.core.address.Parsed.Problem.SYNTAX;
import static dev.mta.core.address.Utf8Mode.ASCII_ONLY;
import static dev.mta.core.address.Utf8Mode.UTF8_ALLOWED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Paths read straight from the octets of a command line: strict UTF-8, end index in octets. */
class ByteInputTest {

    /** Text, with {@code {xx}} for a raw octet. */
    private static byte[] octets(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int stop = open < 0 ? text.length() : open;
            out.writeBytes(text.substring(i, stop).getBytes(StandardCharsets.UTF_8));
            if (open < 0) {
                break;
            }
            out.writeBytes(HexFormat.of().parseHex(text.substring(open + 1, open + 3)));
            i = open + 4;
        }
        return out.toByteArray();
    }

    static Stream<Arguments> validLines() {
        return Stream.of(
                arguments("<a@b.example>", 0, "<a@b.example>", 13),
                arguments("MAIL FROM:<> SIZE=1", 10, "<>", 12),
                arguments("MAIL FROM:<ü@bücher.example> SMTPUTF8", 10, "<ü@bücher.example>", 10 + 1 + 2 + 1 + 15 + 1),
                // Parameters after the path are not this parser's business, even when they are not UTF-8.
                arguments("<a@b.example> X={ff}{fe}", 0, "<a@b.example>", 13),
                // A > inside a quoted local part does not end the path.
                arguments("<\"a>b\"@c.example> X=1", 0, "<\"a>b\"@c.example>", 17),
                arguments("<\"a\\\">b\"@c.example>", 0, "<\"a\\\">b\"@c.example>", 19));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void validLines(String line, int start, String expectedPath, int end) {
        Parsed<ReversePath> parsed = AddressParser.reversePath(octets(line), start, UTF8_ALLOWED);
        assertEquals(new Parsed.Ok<>(AddressParser.reversePath(expectedPath, 0, UTF8_ALLOWED).orElseThrow(), end), parsed);
        Parsed<ForwardPath> forward = AddressParser.forwardPath(octets(line), start, UTF8_ALLOWED);
        if (!expectedPath.equals("<>")) {
            assertEquals(end, ((Parsed.Ok<ForwardPath>) forward).end());
        }
    }

    static Stream<Arguments> invalidLines() {
        return Stream.of(
                arguments("<{ff}@b.example>", SYNTAX, "invalid UTF-8"),
                arguments("<a@b{c3}>", SYNTAX, "invalid UTF-8"),
                // Overlong encodings of '/' and of NUL, an encoded surrogate, a code point above U+10FFFF.
                arguments("<{c0}{af}@b.example>", SYNTAX, "invalid UTF-8"),
                arguments("<a{c0}{80}@b.example>", SYNTAX, "invalid UTF-8"),
                arguments("<{ed}{a0}{80}@b.example>", SYNTAX, "invalid UTF-8"),
                arguments("<{f4}{90}{80}{80}@b.example>", SYNTAX, "invalid UTF-8"),
                arguments("<\"{ff}\"@b.example>", SYNTAX, "invalid UTF-8"),
                arguments("<a{00}@b.example>", SYNTAX, "control character U+0000 in local part"),
                arguments("<a@b.example{0d}{0a}>", SYNTAX, "control character U+000D in domain"),
                arguments("<a@b.example>x", SYNTAX, "unexpected text after the path"),
                arguments("<a@b.example", SYNTAX, "path has no closing >"),
                arguments("a@b.example", SYNTAX, "address must be enclosed in <>"),
                arguments("", SYNTAX, "missing path"),
                arguments("<{c3}{bc}@b.example>", NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void invalidLines(String line, Parsed.Problem problem, String reason) {
        assertEquals(new Parsed.Invalid<>(problem, reason), AddressParser.reversePath(octets(line), 0, ASCII_ONLY));
        assertEquals(new Parsed.Invalid<>(problem, reason), AddressParser.forwardPath(octets(line), 0, ASCII_ONLY));
    }
}
