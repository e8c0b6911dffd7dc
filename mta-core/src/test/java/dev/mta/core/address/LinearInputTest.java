package dev.mta.core.address;

import static dev.mta.core.address.Parsed.Problem.SYNTAX;
import static dev.mta.core.address.Parsed.Problem.TOO_LONG;
import static dev.mta.core.address.Utf8Mode.UTF8_ALLOWED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs of about 100 kB built to make a backtracking or quadratic parser crawl (SECURITY.md S-18). The
 * scanner stops at the first limit it passes, so each is answered after a few hundred characters; this
 * test asserts the answer, the whole suite's running time shows the rest.
 */
class LinearInputTest {

    private static final int SIZE = 100_000;

    static Stream<Arguments> hugePaths() {
        return Stream.of(
                arguments("<" + "a".repeat(SIZE) + "@b>", TOO_LONG, "local part longer than 64 octets"),
                arguments("<" + "a.".repeat(SIZE / 2) + "@b>", TOO_LONG, "local part longer than 64 octets"),
                arguments("<\"" + "\\a".repeat(SIZE / 2) + "\"@b>", TOO_LONG, "local part longer than 64 octets"),
                arguments("<\"" + "a".repeat(SIZE), TOO_LONG, "local part longer than 64 octets"),
                arguments("<a@" + "b".repeat(SIZE) + ">", TOO_LONG, "domain label longer than 63 octets"),
                arguments("<a@" + "b.".repeat(SIZE / 2) + "c>", TOO_LONG, "domain longer than 255 octets"),
                arguments("<a@" + "ü.".repeat(SIZE / 2) + "c>", TOO_LONG, "domain longer than 255 octets"),
                arguments("<" + "@a,".repeat(SIZE / 3) + ":a@b>", TOO_LONG, "path longer than 256 octets"),
                arguments("<a@[" + "1".repeat(SIZE) + "]>", SYNTAX, "invalid address literal"),
                arguments("<a@[IPv6:" + "1:".repeat(SIZE / 2) + "]>", SYNTAX, "invalid address literal"),
                arguments("<" + "<".repeat(SIZE), SYNTAX, "invalid character '<' in local part"),
                arguments("<a@b>" + " ".repeat(SIZE), null, null));
    }

    @ParameterizedTest(name = "[{index}] {1} {2}")
    @MethodSource
    void hugePaths(String line, Parsed.Problem problem, String reason) {
        Parsed<ReversePath> fromText = AddressParser.reversePath(line, 0, UTF8_ALLOWED);
        Parsed<ReversePath> fromOctets = AddressParser.reversePath(line.getBytes(StandardCharsets.UTF_8), 0, UTF8_ALLOWED);
        if (problem == null) {
            assertEquals(5, ((Parsed.Ok<ReversePath>) fromText).end());
            assertEquals(5, ((Parsed.Ok<ReversePath>) fromOctets).end());
        } else {
            assertEquals(new Parsed.Invalid<>(problem, reason), fromText);
            assertEquals(new Parsed.Invalid<>(problem, reason), fromOctets);
            assertEquals(new Parsed.Invalid<>(problem, reason), AddressParser.forwardPath(line, 0, UTF8_ALLOWED));
        }
    }
}
