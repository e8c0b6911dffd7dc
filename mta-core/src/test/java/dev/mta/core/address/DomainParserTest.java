package dev.mta.core.address;

import static dev.mta.core.address.AddressCases.assertOk;
import static dev.mta.core.address.AddressCases.domainOfLength;
import static dev.mta.core.address.Parsed.Problem.NEEDS_SMTPUTF8;
import static dev.mta.core.address.Parsed.Problem.SYNTAX;
import static dev.mta.core.address.Parsed.Problem.TOO_LONG;
import static dev.mta.core.address.Utf8Mode.ASCII_ONLY;
import static dev.mta.core.address.Utf8Mode.UTF8_ALLOWED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Domain names on their own (RFC 5321 section 4.1.2, RFC 5890/5891 IDNA, RFC 6531). */
class DomainParserTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.mta.core.address.AddressCases#domains")
    void parsesValidDomains(String text, Utf8Mode mode, String ascii, String unicode) {
        Parsed.Ok<Domain> ok = assertOk(AddressParser.domain(text, mode));
        assertEquals(ascii, ok.value().ascii());
        assertEquals(unicode, ok.value().unicode());
        assertEquals(text.length(), ok.end());
    }

    static Stream<Arguments> invalidDomains() {
        return Stream.of(
                arguments("", SYNTAX, "empty domain"),
                arguments(".", SYNTAX, "domain starts with a dot"),
                arguments(".example.com", SYNTAX, "domain starts with a dot"),
                arguments("example.com.", SYNTAX, "domain ends with a dot"),
                arguments("example..com", SYNTAX, "domain has two dots in a row"),
                arguments("-example.com", SYNTAX, "domain label starts with a hyphen"),
                arguments("example-.com", SYNTAX, "domain label ends with a hyphen"),
                arguments("xn--.example", SYNTAX, "domain label ends with a hyphen"),
                arguments("a_b.example", SYNTAX, "invalid character '_' in domain"),
                arguments("a b.example", SYNTAX, "invalid character space in domain"),
                arguments("a.example:25", SYNTAX, "invalid character ':' in domain"),
                arguments("[192.0.2.1]", SYNTAX, "invalid character '[' in domain"),
                arguments("@example.com", SYNTAX, "invalid character '@' in domain"),
                arguments("192.0.2.1", SYNTAX, "top-level domain label is all-numeric"),
                arguments("123", SYNTAX, "top-level domain label is all-numeric"),
                arguments("a\r\n", SYNTAX, "control character U+000D in domain"),
                arguments("a\u0000b", SYNTAX, "control character U+0000 in domain"),
                arguments("a\u0080b", SYNTAX, "control character U+0080 in domain"),
                arguments("a\uD800", SYNTAX, "invalid UTF-8 in domain"),
                // IDNA2003 (java.net.IDN) and IDNA2008 disagree on these: refused, never remapped.
                arguments("faß.de", SYNTAX, "domain label has U+00DF, which IDNA2003 and IDNA2008 encode differently"),
                arguments("ς.example", SYNTAX, "domain label has U+03C2, which IDNA2003 and IDNA2008 encode differently"),
                arguments("a\u200Db.example", SYNTAX, "domain label has U+200D, which IDNA2003 and IDNA2008 encode differently"),
                arguments("a\u200Cb.example", SYNTAX, "domain label has U+200C, which IDNA2003 and IDNA2008 encode differently"),
                arguments("ｆｕｌｌ.example", SYNTAX, "domain label is not a canonical U-label (IDNA would change it)"),
                arguments("bu\u0308cher.example", SYNTAX, "domain label is not a canonical U-label (IDNA would change it)"),
                arguments("a\u00ADb.example", SYNTAX, "domain label is not a canonical U-label (IDNA would change it)"),
                arguments("例え。テスト", SYNTAX, "domain label is not a canonical U-label (IDNA would change it)"),
                arguments("😀.example", SYNTAX, "domain label cannot be converted to an A-label"),
                arguments("一".repeat(60) + ".example", SYNTAX, "domain label cannot be converted to an A-label"),
                arguments("bücher.example", NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address"),
                // Limits: 63 octets a label (as an A-label), 255 a name, in every form.
                arguments("a".repeat(64) + ".example", TOO_LONG, "domain label longer than 63 octets"),
                arguments("ü".repeat(64) + ".example", TOO_LONG, "domain label longer than 63 octets"),
                arguments(domainOfLength(256), TOO_LONG, "domain longer than 255 octets"),
                arguments(String.join(".", "一".repeat(20), "一".repeat(20), "一".repeat(20), "一".repeat(20),
                        "一".repeat(20)), TOO_LONG, "domain longer than 255 octets"),
                arguments("a.".repeat(50_000) + "b", TOO_LONG, "domain longer than 255 octets"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void invalidDomains(String text, Parsed.Problem problem, String reason) {
        Utf8Mode mode = problem == NEEDS_SMTPUTF8 ? ASCII_ONLY : UTF8_ALLOWED;
        assertEquals(new Parsed.Invalid<>(problem, reason), AddressParser.domain(text, mode));
    }

    @Test
    void twoSpellingsOfOneNameAreEqual() {
        Domain uLabel = AddressParser.domain("Bücher.Example", UTF8_ALLOWED).orElseThrow();
        Domain aLabel = AddressParser.domain("XN--BCHER-KVA.example", ASCII_ONLY).orElseThrow();
        assertEquals(uLabel, aLabel);
        assertEquals(uLabel.hashCode(), aLabel.hashCode());
        assertEquals(uLabel.unicode(), aLabel.unicode());
        assertEquals(true, uLabel.isInternationalized());
        assertEquals(false, AddressParser.domain("example.com", ASCII_ONLY).orElseThrow().isInternationalized());
    }

    /** The IDNA2008 name faß.de and the IDNA2003 mapping fass.de are different domains and stay different. */
    @Test
    void anIdna2008ALabelIsNeverRemappedToItsIdna2003Twin() {
        Domain sharpS = AddressParser.domain("xn--fa-hia.de", ASCII_ONLY).orElseThrow();
        Domain ss = AddressParser.domain("fass.de", ASCII_ONLY).orElseThrow();
        assertNotEquals(ss, sharpS);
        assertEquals("xn--fa-hia.de", sharpS.ascii());
    }
}
