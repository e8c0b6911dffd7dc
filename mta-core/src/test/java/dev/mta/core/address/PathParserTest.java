package dev.mta.core.address;

import static dev.mta.core.address.AddressCases.assertOk;
import static dev.mta.core.address.AddressCases.domainOfLength;
import static dev.mta.core.address.Parsed.Problem.NEEDS_SMTPUTF8;
import static dev.mta.core.address.Parsed.Problem.SYNTAX;
import static dev.mta.core.address.Parsed.Problem.TOO_LONG;
import static dev.mta.core.address.Utf8Mode.ASCII_ONLY;
import static dev.mta.core.address.Utf8Mode.UTF8_ALLOWED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The paths of MAIL FROM and RCPT TO (RFC 5321 sections 4.1.1.2, 4.1.1.3, 4.1.2, 4.5.3.1). */
class PathParserTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.mta.core.address.AddressCases#reversePaths")
    void parsesValidReversePaths(String line, int start, Utf8Mode mode, ReversePath expected, int end, String canonical) {
        Parsed.Ok<ReversePath> ok = assertOk(AddressParser.reversePath(line, start, mode));
        assertEquals(expected, ok.value());
        assertEquals(canonical, ok.value().toString(), "display form, including U-labels");
        assertEquals(end, ok.end());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dev.mta.core.address.AddressCases#forwardPaths")
    void parsesValidForwardPaths(String line, int start, Utf8Mode mode, ForwardPath expected, int end, String canonical) {
        Parsed.Ok<ForwardPath> ok = assertOk(AddressParser.forwardPath(line, start, mode));
        assertEquals(expected, ok.value());
        assertEquals(canonical, ok.value().pathForm(UTF8_ALLOWED));
        assertEquals(end, ok.end());
    }

    /** Refused by both MAIL FROM and RCPT TO, with the reason a reply quotes. */
    static Stream<Arguments> invalidPaths() {
        return Stream.of(
                arguments("", SYNTAX, "missing path"),
                arguments("a@b", SYNTAX, "address must be enclosed in <>"),
                arguments("a@b.example", SYNTAX, "address must be enclosed in <>"),
                arguments(" <a@b>", SYNTAX, "space before the path"),
                arguments("<", SYNTAX, "empty local part"),
                arguments("<a@b", SYNTAX, "path has no closing >"),
                arguments("<a@b.example", SYNTAX, "path has no closing >"),
                arguments("<a@b>>", SYNTAX, "unexpected text after the path"),
                arguments("<a@b>trailing", SYNTAX, "unexpected text after the path"),
                arguments("<a@b>\r\n", SYNTAX, "unexpected text after the path"),
                arguments("<<a@b>>", SYNTAX, "invalid character '<' in local part"),
                arguments("< a@b>", SYNTAX, "invalid character space in local part"),
                arguments("<a @b>", SYNTAX, "invalid character space in local part"),
                arguments("<a@ b>", SYNTAX, "invalid character space in domain"),
                arguments("<a@b >", SYNTAX, "invalid character space in domain"),
                arguments("<a@b@c>", SYNTAX, "invalid character '@' in domain"),
                arguments("<a@b.example@c.example>", SYNTAX, "invalid character '@' in domain"),
                arguments("<v@remote.test@ours.test>", SYNTAX, "invalid character '@' in domain"),
                arguments("<a>", SYNTAX, "address has no @domain"),
                arguments("<postmaster.>", SYNTAX, "local part ends with a dot"),
                arguments("<remote.test!v>", SYNTAX, "address has no @domain"),
                arguments("<v%remote.test>", SYNTAX, "address has no @domain"),
                arguments("<\"v@remote.test\">", SYNTAX, "address has no @domain"),
                arguments("<a@>", SYNTAX, "empty domain"),
                arguments("<@b>", SYNTAX, "empty local part"),
                arguments("<@>", SYNTAX, "empty domain in the source route"),
                arguments("<@b.example>", SYNTAX, "empty local part"),
                // Dot-string rules (RFC 5321 section 4.1.2).
                arguments("<.a@b>", SYNTAX, "local part starts with a dot"),
                arguments("<a..b@c>", SYNTAX, "local part has two dots in a row"),
                arguments("<a.@b>", SYNTAX, "local part ends with a dot"),
                arguments("<a\"b\"@c>", SYNTAX, "invalid character '\"' in local part"),
                arguments("<\"a\"b@c>", SYNTAX, "invalid character 'b' in local part after the closing quote"),
                arguments("<\"a\".b@c>", SYNTAX, "invalid character '.' in local part after the closing quote"),
                arguments("<\"a@c>", SYNTAX, "quoted local part has no closing quote"),
                arguments("<\"a\\", SYNTAX, "quoted local part has no closing quote"),
                arguments("<\"\"@c>", SYNTAX, "empty local part"),
                arguments("<a\\ b@c>", SYNTAX, "invalid character '\\' in local part"),
                arguments("<Fred\\ Bloggs@example.com>", SYNTAX, "invalid character '\\' in local part"),
                arguments("<a(comment)@c>", SYNTAX, "invalid character '(' in local part"),
                arguments("<a,b@c>", SYNTAX, "invalid character ',' in local part"),
                // SECURITY.md S-06: shell metacharacters that are not atext.
                arguments("<;sleep 66;>", SYNTAX, "invalid character ';' in local part"),
                arguments("<$(id)@ours.test>", SYNTAX, "invalid character '(' in local part"),
                arguments("<|/bin/sh>", SYNTAX, "address has no @domain"),
                arguments("<a@b;c>", SYNTAX, "invalid character ';' in domain"),
                // SECURITY.md S-11 routing tricks that are not addresses at all.
                arguments("<v@remote.test%ours.test>", SYNTAX, "invalid character '%' in domain"),
                arguments("<v@remote.test!ours.test>", SYNTAX, "invalid character '!' in domain"),
                // Domain rules.
                arguments("<a@b.>", SYNTAX, "domain ends with a dot"),
                arguments("<v@remote.test.>", SYNTAX, "domain ends with a dot"),
                arguments("<a@.b>", SYNTAX, "domain starts with a dot"),
                arguments("<a@b..c>", SYNTAX, "domain has two dots in a row"),
                arguments("<a@-b.example>", SYNTAX, "domain label starts with a hyphen"),
                arguments("<a@b-.example>", SYNTAX, "domain label ends with a hyphen"),
                arguments("<a@b.example->", SYNTAX, "domain label ends with a hyphen"),
                arguments("<a@b_c.example>", SYNTAX, "invalid character '_' in domain"),
                arguments("<a@192.0.2.1>", SYNTAX, "top-level domain label is all-numeric"),
                arguments("<a@example.123>", SYNTAX, "top-level domain label is all-numeric"),
                // Address literals (RFC 5321 section 4.1.3).
                arguments("<a@[x400:c=us;a=b]>", SYNTAX, "general address literals [tag:content] are not supported"),
                arguments("<a@[IPv4:192.0.2.1]>", SYNTAX, "general address literals [tag:content] are not supported"),
                arguments("<a@[]>", SYNTAX, "invalid address literal"),
                arguments("<a@[example.com]>", SYNTAX, "invalid address literal"),
                arguments("<a@[256.0.0.1]>", SYNTAX, "invalid IPv4 address literal"),
                arguments("<a@[1.2.3]>", SYNTAX, "invalid IPv4 address literal"),
                arguments("<a@[1.2.3.4.5]>", SYNTAX, "invalid IPv4 address literal"),
                arguments("<a@[1.2.3.]>", SYNTAX, "invalid IPv4 address literal"),
                arguments("<a@[0001.2.3.4]>", SYNTAX, "invalid IPv4 address literal"),
                arguments("<a@[1..2.3]>", SYNTAX, "invalid IPv4 address literal"),
                arguments("<a@[IPv6:1:2:3:4:5:6:7]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:1:2:3:4:5:6:7:8:9]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:1:2:3:4:5:6:7::]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:1::2::3]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:12345::1]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6::1]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:1:]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:g::1]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:fe80::1%eth0]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:::ffff:256.0.0.1]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:1:2:3:4:5:192.0.2.1]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:1:2:3:4:5::192.0.2.1]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[IPv6:::192.0.2.1:1]>", SYNTAX, "invalid IPv6 address literal"),
                arguments("<a@[192.0.2.1>", SYNTAX, "address literal has no closing ]"),
                arguments("<a@[192.0.2.1]x>", SYNTAX, "invalid character 'x' in address after the address literal"),
                arguments("<a@[192.0.2.1] >", SYNTAX, "invalid character space in address after the address literal"),
                arguments("<a@[1[2]>", SYNTAX, "invalid address literal"),
                arguments("<a@[ 1.2.3.4]>", SYNTAX, "invalid character space in address literal"),
                // Source routes.
                arguments("<@a.example,b.example:u@c.example>", SYNTAX, "source route hop does not start with @"),
                arguments("<@a.example u@c.example>", SYNTAX, "invalid character space in domain in the source route"),
                arguments("<@a.example,@:u@c.example>", SYNTAX, "empty domain in the source route"),
                arguments("<@[192.0.2.1]:u@c.example>", SYNTAX, "invalid character '[' in domain in the source route"),
                arguments("<@a.example,@b.example", SYNTAX, "source route has no closing ':'"),
                arguments("<@a_b.example:u@c.example>", SYNTAX, "invalid character '_' in domain in the source route"),
                // NUL, CR, LF, other controls and invalid UTF-8 anywhere, in any mode.
                arguments("\u0000<a@b>", SYNTAX, "address must be enclosed in <>"),
                arguments("<\u0000a@b>", SYNTAX, "control character U+0000 in local part"),
                arguments("<a\u0000@b>", SYNTAX, "control character U+0000 in local part"),
                arguments("<a@b\u0000>", SYNTAX, "control character U+0000 in domain"),
                arguments("<a@b\u0000.example>", SYNTAX, "control character U+0000 in domain"),
                arguments("<a\r\n@b>", SYNTAX, "control character U+000D in local part"),
                arguments("<a@b\r\nRCPT TO:<c@d>", SYNTAX, "control character U+000D in domain"),
                arguments("<a@b\n>", SYNTAX, "control character U+000A in domain"),
                arguments("<\"a\r\nb\"@c>", SYNTAX, "control character U+000D in local part"),
                arguments("<\"a\\\r\"@c>", SYNTAX, "control character U+000D in local part"),
                arguments("<\"a\\\u0000\"@c>", SYNTAX, "control character U+0000 in local part"),
                arguments("<\"a\u0000\"@c>", SYNTAX, "control character U+0000 in local part"),
                arguments("<\"a\tb\"@c>", SYNTAX, "control character U+0009 in local part"),
                arguments("<a\tb@c>", SYNTAX, "control character U+0009 in local part"),
                arguments("<a\u007f@c>", SYNTAX, "control character U+007F in local part"),
                arguments("<a@[192.0.2.1\u0000]>", SYNTAX, "control character U+0000 in address literal"),
                arguments("<@a\r:b@c>", SYNTAX, "control character U+000D in domain in the source route"),
                arguments("<a\u0085@c>", SYNTAX, "control character U+0085 in local part"),
                arguments("<a\u2028@c>", SYNTAX, "control character U+2028 in local part"),
                arguments("<a@b\u2029c>", SYNTAX, "control character U+2029 in domain"),
                arguments("<\"a\u0085\"@c>", SYNTAX, "control character U+0085 in local part"),
                arguments("<a\uD800@c>", SYNTAX, "invalid UTF-8 in local part"),
                arguments("<a\uDC00@c>", SYNTAX, "invalid UTF-8 in local part"),
                arguments("<a@\uD800b>", SYNTAX, "invalid UTF-8 in domain"),
                arguments("<\"\uDFFF\"@c>", SYNTAX, "invalid UTF-8 in local part"),
                arguments("<\"a\\ü\"@c>", SYNTAX, "backslash before a non-ASCII character in local part"),
                // IDNA (see IdnaLabel for why these are refused).
                arguments("<a@faß.de>", SYNTAX, "domain label has U+00DF, which IDNA2003 and IDNA2008 encode differently"),
                arguments("<a@ｆｕｌｌ.example>", SYNTAX, "domain label is not a canonical U-label (IDNA would change it)"),
                arguments("<a@例え。テスト>", SYNTAX, "domain label is not a canonical U-label (IDNA would change it)"),
                arguments("<a@😀.example>", SYNTAX, "domain label cannot be converted to an A-label"),
                arguments("<a@-ü.example>", SYNTAX, "domain label starts with a hyphen"),
                // SMTPUTF8 is required for any non-ASCII text (RFC 6531 section 3.4), but only for text that is
                // otherwise valid: a broken address is a syntax error either way.
                arguments("<ü@example.com>", NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address"),
                arguments("<a@bücher.example>", NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address"),
                arguments("<\"ü\"@example.com>", NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address"),
                arguments("<@bücher.example:a@example.com>", NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address"),
                arguments("<ü..@example.com>", SYNTAX, "local part has two dots in a row"),
                // Length limits (RFC 5321 section 4.5.3.1), in UTF-8 octets.
                arguments("<" + "a".repeat(65) + "@example.com>", TOO_LONG, "local part longer than 64 octets"),
                arguments("<\"" + "a".repeat(63) + "\"@example.com>", TOO_LONG, "local part longer than 64 octets"),
                arguments("<" + "ü".repeat(32) + "a@example.com>", TOO_LONG, "local part longer than 64 octets"),
                arguments("<a@" + "b".repeat(64) + ".example>", TOO_LONG, "domain label longer than 63 octets"),
                arguments("<a@" + "ü".repeat(64) + ".example>", TOO_LONG, "domain label longer than 63 octets"),
                arguments("<" + "a".repeat(64) + "@" + domainOfLength(190) + ">", TOO_LONG, "path longer than 256 octets"),
                arguments("<a@" + domainOfLength(256) + ">", TOO_LONG, "domain longer than 255 octets"),
                arguments("<@" + domainOfLength(61) + ":" + "a".repeat(64) + "@" + domainOfLength(127) + ">", TOO_LONG,
                        "path longer than 256 octets"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPaths")
    void refusesInvalidReversePaths(String line, Parsed.Problem problem, String reason) {
        assertEquals(new Parsed.Invalid<>(problem, reason), AddressParser.reversePath(line, 0, ASCII_ONLY));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPaths")
    void refusesInvalidForwardPaths(String line, Parsed.Problem problem, String reason) {
        assertEquals(new Parsed.Invalid<>(problem, reason), AddressParser.forwardPath(line, 0, ASCII_ONLY));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("invalidPaths")
    void refusesTheSameSyntaxWithSmtputf8(String line, Parsed.Problem problem, String reason) {
        Parsed<ReversePath> parsed = AddressParser.reversePath(line, 0, UTF8_ALLOWED);
        if (problem == NEEDS_SMTPUTF8) {
            assertOk(parsed);
        } else {
            assertEquals(new Parsed.Invalid<>(problem, reason), parsed);
        }
    }

    static Stream<Arguments> invalidOnlyInOneDirection() {
        return Stream.of(
                // The null path is a sender only (RFC 5321 section 4.5.5); postmaster without a domain a recipient only.
                arguments("<>", true, "the null path <> is not a recipient"),
                arguments("<postmaster>", false, "address has no @domain"),
                arguments("<Postmaster>", false, "address has no @domain"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void invalidOnlyInOneDirection(String line, boolean validAsSender, String reason) {
        Parsed<ReversePath> reverse = AddressParser.reversePath(line, 0, ASCII_ONLY);
        Parsed<ForwardPath> forward = AddressParser.forwardPath(line, 0, ASCII_ONLY);
        if (validAsSender) {
            assertOk(reverse);
            assertEquals(new Parsed.Invalid<>(SYNTAX, reason), forward);
        } else {
            assertOk(forward);
            assertEquals(new Parsed.Invalid<>(SYNTAX, reason), reverse);
        }
    }

    static Stream<Arguments> notBarePostmaster() {
        return Stream.of(
                arguments("<postmaster >", "invalid character space in local part"),
                // Long s folds to S in Java's case-insensitive compare; it must not pass for postmaster.
                arguments("<poſtmaster>", "address has no @domain"),
                arguments("<\"postmaster\">", "address has no @domain"),
                arguments("<@a.example:postmaster>", "address has no @domain"),
                arguments("<postmaste>", "address has no @domain"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource
    void notBarePostmaster(String line, String reason) {
        assertEquals(new Parsed.Invalid<>(SYNTAX, reason), AddressParser.forwardPath(line, 0, UTF8_ALLOWED));
    }
}
