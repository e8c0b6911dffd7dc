package dev.mta.core.address;

import static dev.mta.core.address.AddressCases.assertOk;
import static dev.mta.core.address.AddressCases.domainOfLength;
import static dev.mta.core.address.Parsed.Problem.NEEDS_SMTPUTF8;
import static dev.mta.core.address.Parsed.Problem.SYNTAX;
import static dev.mta.core.address.Parsed.Problem.TOO_LONG;
import static dev.mta.core.address.Utf8Mode.ASCII_ONLY;
import static dev.mta.core.address.Utf8Mode.UTF8_ALLOWED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bare mailboxes, as configuration, the users file and the aliases file write them. */
class MailboxParserTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.mta.core.address.AddressCases#mailboxes")
    void parsesValidMailboxes(String text, Utf8Mode mode, Mailbox expected, String canonical) {
        Parsed.Ok<Mailbox> ok = assertOk(AddressParser.mailbox(text, mode));
        assertEquals(expected, ok.value());
        assertEquals(expected.localPart(), ok.value().localPart());
        assertEquals(canonical, ok.value().toString());
        assertEquals(text.length(), ok.end());
    }

    static Stream<Arguments> invalidMailboxes() {
        return Stream.of(
                arguments("", SYNTAX, "empty address"),
                arguments("<a@b>", SYNTAX, "address must be written without <>"),
                arguments("a@b>", SYNTAX, "invalid character '>' in domain"),
                arguments("a", SYNTAX, "address has no @domain"),
                arguments("postmaster", SYNTAX, "address has no @domain"),
                arguments("@example.com", SYNTAX, "empty local part"),
                arguments("a@", SYNTAX, "empty domain"),
                arguments("a@b ", SYNTAX, "invalid character space in domain"),
                arguments(" a@b", SYNTAX, "invalid character space in local part"),
                arguments("a@b@c", SYNTAX, "invalid character '@' in domain"),
                arguments("a@[192.0.2.1]x", SYNTAX, "invalid character 'x' in address after the address literal"),
                arguments("a@b\n", SYNTAX, "control character U+000A in domain"),
                arguments("a\u0000@b", SYNTAX, "control character U+0000 in local part"),
                arguments("ü@example.com", NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address"),
                arguments("a@bücher.example", NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address"),
                arguments("a".repeat(65) + "@example.com", TOO_LONG, "local part longer than 64 octets"),
                // A bare mailbox must fit a path: 254 octets, 256 with the angle brackets.
                arguments("a".repeat(64) + "@" + domainOfLength(190), TOO_LONG, "address longer than 254 octets"),
                arguments("a.".repeat(30_000) + "@x", TOO_LONG, "address longer than 254 octets"),
                arguments("a".repeat(50_000) + "!", TOO_LONG, "address longer than 254 octets"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void invalidMailboxes(String text, Parsed.Problem problem, String reason) {
        assertEquals(new Parsed.Invalid<>(problem, reason), AddressParser.mailbox(text, ASCII_ONLY));
    }

    /**
     * An address whose written form fits but whose other form does not is refused, so every rendering
     * is a legal path: CJK U-labels are short as A-labels and long in UTF-8.
     */
    @Test
    void refusesAMailboxThatOnlyFitsInOneForm() {
        String label = "一".repeat(20); // 60 octets in UTF-8, 26 as the A-label xn--4gqaaaa…
        String domain = String.join(".", label, label, label) + ".example";
        String text = "a".repeat(64) + "@" + domain;
        assertEquals(64 + 1 + 3 * 60 + 2 + 8, Chars.utf8Length(text));
        assertEquals(new Parsed.Invalid<>(TOO_LONG, "address longer than 254 octets"),
                AddressParser.mailbox(text, UTF8_ALLOWED));

        String aLabels = AddressParser.domain(domain, UTF8_ALLOWED).orElseThrow().ascii();
        String written = "a".repeat(64) + "@" + aLabels;
        assertEquals(true, Chars.utf8Length(written) <= 254, written);
        assertEquals(new Parsed.Invalid<>(TOO_LONG, "address longer than 254 octets in its canonical form"),
                AddressParser.mailbox(written, ASCII_ONLY));
        assertEquals(new Parsed.Invalid<>(TOO_LONG, "path longer than 256 octets in its canonical form"),
                AddressParser.reversePath("<" + written + ">", 0, ASCII_ONLY));
    }

    @Test
    void orElseThrowCarriesTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AddressParser.mailbox("a..b@example.com", UTF8_ALLOWED).orElseThrow());
        assertEquals("local part has two dots in a row", e.getMessage());
        assertEquals("a", AddressParser.mailbox("a@b", ASCII_ONLY).orElseThrow().localPart());
    }

    @Test
    void mapKeepsTheEndAndPassesFailuresThrough() {
        assertEquals(new Parsed.Ok<>("a", 3), AddressParser.mailbox("a@b", ASCII_ONLY).map(Mailbox::localPart));
        assertEquals(new Parsed.Invalid<>(SYNTAX, "empty address"),
                AddressParser.mailbox("", ASCII_ONLY).map(Mailbox::localPart));
        assertEquals(false, AddressParser.mailbox("", ASCII_ONLY).toOptional().isPresent());
    }
}
