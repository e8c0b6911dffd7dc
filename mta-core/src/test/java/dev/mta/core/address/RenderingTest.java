package dev.mta.core.address;

import static dev.mta.core.address.AddressCases.dns;
import static dev.mta.core.address.AddressCases.idn;
import static dev.mta.core.address.AddressCases.literal;
import static dev.mta.core.address.Utf8Mode.ASCII_ONLY;
import static dev.mta.core.address.Utf8Mode.UTF8_ALLOWED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How addresses are written back into commands (RFC 5321 section 4.1.2, RFC 6531, RFC 5952). */
class RenderingTest {

    static Stream<Arguments> localParts() {
        return Stream.of(
                arguments("abc", "abc"),
                arguments("a.b.c", "a.b.c"),
                arguments("!#$%&'*+-/=?^_`{|}~", "!#$%&'*+-/=?^_`{|}~"),
                arguments("ü.ö", "ü.ö"),
                arguments("a b", "\"a b\""),
                arguments("a\"b", "\"a\\\"b\""),
                arguments("a\\b", "\"a\\\\b\""),
                arguments(".a", "\".a\""),
                arguments("a.", "\"a.\""),
                arguments("a..b", "\"a..b\""),
                arguments("a@b", "\"a@b\""),
                arguments("a,b", "\"a,b\""),
                arguments("<>", "\"<>\""),
                arguments("ü ö", "\"ü ö\""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void localParts(String stored, String written) {
        assertEquals(written, new Mailbox(stored, dns("example.com")).localPartForm());
    }

    @Test
    void domainsAreALabelsForAsciiAndULabelsForUtf8() {
        Mailbox mailbox = new Mailbox("a b", idn("xn--bcher-kva.example", "bücher.example"));
        assertFalse(mailbox.needsSmtputf8());
        assertEquals("\"a b\"@xn--bcher-kva.example", mailbox.render(ASCII_ONLY));
        assertEquals("\"a b\"@bücher.example", mailbox.render(UTF8_ALLOWED));
        assertEquals("<\"a b\"@xn--bcher-kva.example>", mailbox.pathForm(ASCII_ONLY));
        assertEquals("<\"a b\"@xn--bcher-kva.example>", ReversePath.of(mailbox).pathForm(ASCII_ONLY));
        assertEquals("\"a b\"@bücher.example", mailbox.toString());
    }

    @Test
    void aNonAsciiLocalPartNeedsSmtputf8() {
        Mailbox mailbox = new Mailbox("用户", idn("xn--fsqu00a.xn--4rr70v", "例子.广告"));
        assertTrue(mailbox.needsSmtputf8());
        assertTrue(ReversePath.of(mailbox).needsSmtputf8());
        assertEquals("<用户@例子.广告>", mailbox.pathForm(UTF8_ALLOWED));
        assertThrows(IllegalStateException.class, () -> mailbox.render(ASCII_ONLY));
        assertThrows(IllegalStateException.class, () -> ReversePath.of(mailbox).pathForm(ASCII_ONLY));
    }

    @Test
    void theNullPathAndBarePostmaster() {
        assertEquals("<>", ReversePath.NULL.pathForm(ASCII_ONLY));
        assertEquals("<>", ReversePath.NULL.toString());
        assertFalse(ReversePath.NULL.needsSmtputf8());
        assertEquals("<postmaster>", ForwardPath.POSTMASTER.pathForm(ASCII_ONLY));
        assertFalse(ForwardPath.POSTMASTER.needsSmtputf8());
    }

    /** RFC 5952 section 4; the IPv4-mapped form becomes IPv4. */
    static Stream<Arguments> addressLiterals() {
        return Stream.of(
                arguments("192.0.2.1", "[192.0.2.1]"),
                arguments("0.0.0.0", "[0.0.0.0]"),
                arguments("2001:db8:0:0:1:0:0:1", "[IPv6:2001:db8::1:0:0:1]"),
                arguments("2001:0db8:0:0:0:0:2:1", "[IPv6:2001:db8::2:1]"),
                arguments("2001:db8:0:1:1:1:1:1", "[IPv6:2001:db8:0:1:1:1:1:1]"),
                arguments("2001:db8::", "[IPv6:2001:db8::]"),
                arguments("1:0:0:2:0:0:0:3", "[IPv6:1:0:0:2::3]"),
                arguments("1:0:0:2:0:0:3:4", "[IPv6:1::2:0:0:3:4]"),
                arguments("::", "[IPv6:::]"),
                arguments("::1", "[IPv6:::1]"),
                arguments("FE80::ABCD", "[IPv6:fe80::abcd]"),
                arguments("::ffff:192.0.2.1", "[192.0.2.1]"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void addressLiterals(String address, String written) {
        AddressLiteral literal = literal(address);
        assertEquals(written, literal.ascii());
        assertEquals(written, literal.unicode());
        assertEquals(literal, AddressParser.mailbox("a@" + written, ASCII_ONLY).orElseThrow().host());
    }

    /**
     * The round-trip property: {@code toString()} parses back to an equal value, and so does the ASCII
     * form of anything that does not need SMTPUTF8, in ASCII-only mode. Run over every valid table row.
     */
    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.mta.core.address.AddressCases#mailboxes")
    void mailboxesParseBackFromTheirRenderings(String text, Utf8Mode mode, Mailbox expected, String canonical) {
        Mailbox mailbox = AddressParser.mailbox(text, mode).orElseThrow();
        assertSameMailbox(mailbox, AddressParser.mailbox(mailbox.toString(), UTF8_ALLOWED).orElseThrow());
        if (!mailbox.needsSmtputf8()) {
            assertSameMailbox(mailbox, AddressParser.mailbox(mailbox.render(ASCII_ONLY), ASCII_ONLY).orElseThrow());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.mta.core.address.AddressCases#reversePaths")
    void reversePathsParseBackFromTheirRenderings(String line, int start, Utf8Mode mode, ReversePath expected) {
        ReversePath path = AddressParser.reversePath(line, start, mode).orElseThrow();
        ReversePath again = AddressParser.reversePath(path.toString(), 0, UTF8_ALLOWED).orElseThrow();
        assertEquals(path, again);
        assertEquals(path.toString(), again.toString());
        if (!path.needsSmtputf8()) {
            assertEquals(path, AddressParser.reversePath(path.pathForm(ASCII_ONLY), 0, ASCII_ONLY).orElseThrow());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.mta.core.address.AddressCases#forwardPaths")
    void forwardPathsParseBackFromTheirRenderings(String line, int start, Utf8Mode mode, ForwardPath expected) {
        ForwardPath path = AddressParser.forwardPath(line, start, mode).orElseThrow();
        ForwardPath again = AddressParser.forwardPath(path.pathForm(UTF8_ALLOWED), 0, UTF8_ALLOWED).orElseThrow();
        assertEquals(path, again);
        assertEquals(path.pathForm(UTF8_ALLOWED), again.pathForm(UTF8_ALLOWED));
        if (!path.needsSmtputf8()) {
            assertEquals(path, AddressParser.forwardPath(path.pathForm(ASCII_ONLY), 0, ASCII_ONLY).orElseThrow());
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.mta.core.address.AddressCases#domains")
    void domainsParseBackFromTheirRenderings(String text, Utf8Mode mode) {
        Domain domain = AddressParser.domain(text, mode).orElseThrow();
        Domain fromUnicode = AddressParser.domain(domain.toString(), UTF8_ALLOWED).orElseThrow();
        Domain fromAscii = AddressParser.domain(domain.ascii(), ASCII_ONLY).orElseThrow();
        assertEquals(domain, fromUnicode);
        assertEquals(domain.unicode(), fromUnicode.unicode());
        assertEquals(domain, fromAscii);
        assertEquals(domain.unicode(), fromAscii.unicode());
    }

    private static void assertSameMailbox(Mailbox expected, Mailbox actual) {
        assertEquals(expected, actual);
        assertEquals(expected.localPart(), actual.localPart());
        assertEquals(expected.host().unicode(), actual.host().unicode());
    }
}
