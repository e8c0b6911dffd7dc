package dev.mta.core.address;

import static dev.mta.core.address.Utf8Mode.ASCII_ONLY;
import static dev.mta.core.address.Utf8Mode.UTF8_ALLOWED;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The tables of valid addresses shared by the parser tests and the round-trip property test. Each row
 * says what the parser must produce, including the display form, since {@link Domain#equals} looks only
 * at the A-label.
 */
final class AddressCases {

    private AddressCases() {
    }

    static Domain dns(String name) {
        return new Domain(name, name);
    }

    static Domain idn(String ascii, String unicode) {
        return new Domain(ascii, unicode);
    }

    static AddressLiteral literal(String numericAddress) {
        try {
            // Numeric text only: InetAddress parses it without a lookup.
            return new AddressLiteral(InetAddress.getByName(numericAddress));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The value of a successful parse, or a test failure that shows the reason. */
    static <T> Parsed.Ok<T> assertOk(Parsed<T> parsed) {
        if (parsed instanceof Parsed.Ok<T> ok) {
            return ok;
        }
        return fail("expected a value, got " + parsed);
    }

    static Mailbox mailbox(String localPart, MailHost host) {
        return new Mailbox(localPart, host);
    }

    /** A domain of exactly {@code octets} octets made of full 63-octet labels and a shorter last one. */
    static String domainOfLength(int octets) {
        StringBuilder domain = new StringBuilder();
        int remaining = octets;
        while (remaining > 63) {
            int label = Math.min(63, remaining - 2);
            domain.append("a".repeat(label)).append('.');
            remaining -= label + 1;
        }
        return domain.append("b".repeat(remaining)).toString();
    }

    /**
     * Valid mailboxes as written bare (configuration) and, wrapped in angle brackets, as paths: text, the
     * mode to parse in, the value, and its canonical UTF-8 form ({@code toString()}).
     */
    static Stream<Arguments> mailboxes() {
        return Stream.of(
                arguments("user@example.com", ASCII_ONLY, mailbox("user", dns("example.com")), "user@example.com"),
                arguments("User.Name+tag@Example.COM", ASCII_ONLY, mailbox("User.Name+tag", dns("example.com")),
                        "User.Name+tag@example.com"),
                // A single-label domain is allowed by the RFC 5321 grammar.
                arguments("a@b", ASCII_ONLY, mailbox("a", dns("b")), "a@b"),
                arguments("a@123.example", ASCII_ONLY, mailbox("a", dns("123.example")), "a@123.example"),
                arguments("a@1-2.example", ASCII_ONLY, mailbox("a", dns("1-2.example")), "a@1-2.example"),
                // "--" in positions 3 and 4 of a non-IDN label occurs in real host names.
                arguments("a@r1---sn-abc.googlevideo.com", ASCII_ONLY,
                        mailbox("a", dns("r1---sn-abc.googlevideo.com")), "a@r1---sn-abc.googlevideo.com"),
                // RFC 3696 section 3 (as corrected by its errata: quoting, not bare backslashes).
                arguments("customer/department=shipping@example.com", ASCII_ONLY,
                        mailbox("customer/department=shipping", dns("example.com")),
                        "customer/department=shipping@example.com"),
                arguments("$A12345@example.com", ASCII_ONLY, mailbox("$A12345", dns("example.com")), "$A12345@example.com"),
                arguments("!def!xyz%abc@example.com", ASCII_ONLY, mailbox("!def!xyz%abc", dns("example.com")),
                        "!def!xyz%abc@example.com"),
                arguments("_somename@example.com", ASCII_ONLY, mailbox("_somename", dns("example.com")),
                        "_somename@example.com"),
                arguments("\"Abc@def\"@example.com", ASCII_ONLY, mailbox("Abc@def", dns("example.com")),
                        "\"Abc@def\"@example.com"),
                arguments("\"Abc\\@def\"@example.com", ASCII_ONLY, mailbox("Abc@def", dns("example.com")),
                        "\"Abc@def\"@example.com"),
                arguments("\"Fred Bloggs\"@example.com", ASCII_ONLY, mailbox("Fred Bloggs", dns("example.com")),
                        "\"Fred Bloggs\"@example.com"),
                arguments("\"Joe.\\\\Blow\"@example.com", ASCII_ONLY, mailbox("Joe.\\Blow", dns("example.com")),
                        "\"Joe.\\\\Blow\"@example.com"),
                // Quoted strings are stored unquoted and quoted again only when needed.
                arguments("\"abc\"@example.com", ASCII_ONLY, mailbox("abc", dns("example.com")), "abc@example.com"),
                arguments("\"\\a\\b\"@example.com", ASCII_ONLY, mailbox("ab", dns("example.com")), "ab@example.com"),
                arguments("\"a\\\"b\"@c", ASCII_ONLY, mailbox("a\"b", dns("c")), "\"a\\\"b\"@c"),
                arguments("\"a\\\\b\"@x.example", ASCII_ONLY, mailbox("a\\b", dns("x.example")), "\"a\\\\b\"@x.example"),
                arguments("\"a..b\"@x.example", ASCII_ONLY, mailbox("a..b", dns("x.example")), "\"a..b\"@x.example"),
                arguments("\".a\"@x.example", ASCII_ONLY, mailbox(".a", dns("x.example")), "\".a\"@x.example"),
                arguments("\" \"@x.example", ASCII_ONLY, mailbox(" ", dns("x.example")), "\" \"@x.example"),
                arguments("\"<a>b\"@x.example", ASCII_ONLY, mailbox("<a>b", dns("x.example")), "\"<a>b\"@x.example"),
                arguments("\"\\ \"@x.example", ASCII_ONLY, mailbox(" ", dns("x.example")), "\" \"@x.example"),
                // Legal but odd local parts are carried as opaque data (SECURITY.md S-06, S-11).
                arguments("`id`@ours.test", ASCII_ONLY, mailbox("`id`", dns("ours.test")), "`id`@ours.test"),
                arguments("\"`id`\"@remote.test", ASCII_ONLY, mailbox("`id`", dns("remote.test")), "`id`@remote.test"),
                arguments("\"a\\\"b\\\\c\"@remote.test", ASCII_ONLY, mailbox("a\"b\\c", dns("remote.test")),
                        "\"a\\\"b\\\\c\"@remote.test"),
                arguments("v%remote.test@ours.test", ASCII_ONLY, mailbox("v%remote.test", dns("ours.test")),
                        "v%remote.test@ours.test"),
                arguments("\"v@remote.test\"@ours.test", ASCII_ONLY, mailbox("v@remote.test", dns("ours.test")),
                        "\"v@remote.test\"@ours.test"),
                arguments("remote.test!v@ours.test", ASCII_ONLY, mailbox("remote.test!v", dns("ours.test")),
                        "remote.test!v@ours.test"),
                arguments("v@REMOTE.TEST", ASCII_ONLY, mailbox("v", dns("remote.test")), "v@remote.test"),
                // Address literals (RFC 5321 section 4.1.3), rendered in canonical form.
                arguments("a@[192.0.2.1]", ASCII_ONLY, mailbox("a", literal("192.0.2.1")), "a@[192.0.2.1]"),
                arguments("a@[010.000.0.1]", ASCII_ONLY, mailbox("a", literal("10.0.0.1")), "a@[10.0.0.1]"),
                arguments("a@[IPv6:2001:db8::1]", ASCII_ONLY, mailbox("a", literal("2001:db8::1")), "a@[IPv6:2001:db8::1]"),
                arguments("a@[ipv6:2001:DB8:0:0:0:0:0:1]", ASCII_ONLY, mailbox("a", literal("2001:db8::1")),
                        "a@[IPv6:2001:db8::1]"),
                arguments("a@[IPv6:::1]", ASCII_ONLY, mailbox("a", literal("::1")), "a@[IPv6:::1]"),
                arguments("a@[IPv6:::]", ASCII_ONLY, mailbox("a", literal("::")), "a@[IPv6:::]"),
                arguments("a@[IPv6:2001:db8::192.0.2.1]", ASCII_ONLY, mailbox("a", literal("2001:db8::c000:201")),
                        "a@[IPv6:2001:db8::c000:201]"),
                arguments("a@[IPv6:1:2:3:4:5:6:192.0.2.1]", ASCII_ONLY, mailbox("a", literal("1:2:3:4:5:6:c000:201")),
                        "a@[IPv6:1:2:3:4:5:6:c000:201]"),
                // IPv4-mapped: one host, one value, whichever way it is written.
                arguments("a@[IPv6:::ffff:192.0.2.1]", ASCII_ONLY, mailbox("a", literal("192.0.2.1")), "a@[192.0.2.1]"),
                arguments("a@[IPv6:0:0:0:0:0:ffff:c000:0201]", ASCII_ONLY, mailbox("a", literal("192.0.2.1")),
                        "a@[192.0.2.1]"),
                // RFC 6531: UTF-8 local parts and U-label domains, with SMTPUTF8.
                arguments("a@bücher.example", UTF8_ALLOWED, mailbox("a", idn("xn--bcher-kva.example", "bücher.example")),
                        "a@bücher.example"),
                arguments("a@BÜCHER.Example", UTF8_ALLOWED, mailbox("a", idn("xn--bcher-kva.example", "bücher.example")),
                        "a@bücher.example"),
                arguments("a@xn--bcher-kva.example", ASCII_ONLY, mailbox("a", idn("xn--bcher-kva.example", "bücher.example")),
                        "a@bücher.example"),
                arguments("a@XN--BCHER-KVA.example", ASCII_ONLY, mailbox("a", idn("xn--bcher-kva.example", "bücher.example")),
                        "a@bücher.example"),
                arguments("用户@例子.广告", UTF8_ALLOWED, mailbox("用户", idn("xn--fsqu00a.xn--4rr70v", "例子.广告")),
                        "用户@例子.广告"),
                arguments("δοκιμή@παράδειγμα.δοκιμή", UTF8_ALLOWED,
                        mailbox("δοκιμή", idn("xn--hxajbheg2az3al.xn--jxalpdlp", "παράδειγμα.δοκιμή")),
                        "δοκιμή@παράδειγμα.δοκιμή"),
                arguments("квіточка@пошта.укр", UTF8_ALLOWED, mailbox("квіточка", idn("xn--80a1acn3a.xn--j1amh", "пошта.укр")),
                        "квіточка@пошта.укр"),
                arguments("\"ü ü\"@example.com", UTF8_ALLOWED, mailbox("ü ü", dns("example.com")), "\"ü ü\"@example.com"),
                arguments("😀@example.com", UTF8_ALLOWED, mailbox("😀", dns("example.com")), "😀@example.com"),
                // IDNA2008 A-labels that IDNA2003 cannot decode stay as written: faß.de, not fass.de.
                arguments("a@xn--fa-hia.de", ASCII_ONLY, mailbox("a", dns("xn--fa-hia.de")), "a@xn--fa-hia.de"),
                arguments("a@♥.example", UTF8_ALLOWED, mailbox("a", idn("xn--g6h.example", "♥.example")), "a@♥.example"),
                // At the limits: a 64-octet local part, a 256-octet path (254 without the brackets).
                arguments("a".repeat(64) + "@example.com", ASCII_ONLY, mailbox("a".repeat(64), dns("example.com")),
                        "a".repeat(64) + "@example.com"),
                arguments("ü".repeat(32) + "@example.com", UTF8_ALLOWED, mailbox("ü".repeat(32), dns("example.com")),
                        "ü".repeat(32) + "@example.com"),
                arguments("\"" + "a".repeat(62) + "\"@example.com", ASCII_ONLY, mailbox("a".repeat(62), dns("example.com")),
                        "a".repeat(62) + "@example.com"),
                arguments("a".repeat(64) + "@" + domainOfLength(189), ASCII_ONLY,
                        mailbox("a".repeat(64), dns(domainOfLength(189))), "a".repeat(64) + "@" + domainOfLength(189)));
    }

    /** Valid reverse paths beyond the bracketed mailboxes: line, start, mode, value, end, canonical path. */
    static Stream<Arguments> reversePaths() {
        return Stream.concat(
                mailboxes().map(row -> {
                    Object[] m = row.get();
                    String line = "<" + m[0] + ">";
                    return arguments(line, 0, m[1], ReversePath.of((Mailbox) m[2]), line.length(), "<" + m[3] + ">");
                }),
                Stream.of(
                        arguments("<>", 0, ASCII_ONLY, ReversePath.NULL, 2, "<>"),
                        arguments("MAIL FROM:<> SIZE=100", 10, ASCII_ONLY, ReversePath.NULL, 12, "<>"),
                        arguments("MAIL FROM:<a@b.example> SIZE=100 BODY=8BITMIME", 10, ASCII_ONLY,
                                ReversePath.of(mailbox("a", dns("b.example"))), 23, "<a@b.example>"),
                        // Trailing text after a space belongs to the command parser (ESMTP parameters).
                        arguments("<a@b> trailing", 0, ASCII_ONLY, ReversePath.of(mailbox("a", dns("b"))), 5, "<a@b>"),
                        arguments("<\"a>b\"@c.example> X=1", 0, ASCII_ONLY,
                                ReversePath.of(mailbox("a>b", dns("c.example"))), 17, "<\"a>b\"@c.example>"),
                        // Source routes are checked and ignored (RFC 5321 section 4.1.1.3, appendix C).
                        arguments("<@a.example,@b.example:user@c.example>", 0, ASCII_ONLY,
                                ReversePath.of(mailbox("user", dns("c.example"))), 38, "<user@c.example>"),
                        arguments("<@ours.test:v@remote.test>", 0, ASCII_ONLY,
                                ReversePath.of(mailbox("v", dns("remote.test"))), 26, "<v@remote.test>"),
                        arguments("<@bücher.example:u@c.example>", 0, UTF8_ALLOWED,
                                ReversePath.of(mailbox("u", dns("c.example"))), 29, "<u@c.example>"),
                        // 256 octets with the route, its limit counts the route too.
                        arguments("<@" + domainOfLength(60) + ":" + "a".repeat(64) + "@" + domainOfLength(127) + ">", 0,
                                ASCII_ONLY, ReversePath.of(mailbox("a".repeat(64), dns(domainOfLength(127)))), 256,
                                "<" + "a".repeat(64) + "@" + domainOfLength(127) + ">")));
    }

    /** Valid forward paths: line, start, mode, value, end, canonical path. */
    static Stream<Arguments> forwardPaths() {
        return Stream.concat(
                reversePaths()
                        .filter(row -> row.get()[3] != ReversePath.NULL)
                        .map(row -> {
                            Object[] r = row.get();
                            Mailbox mailbox = ((ReversePath) r[3]).mailbox().orElseThrow();
                            return arguments(r[0], r[1], r[2], mailbox, r[4], r[5]);
                        }),
                Stream.of(
                        arguments("<postmaster>", 0, ASCII_ONLY, ForwardPath.POSTMASTER, 12, "<postmaster>"),
                        arguments("<Postmaster>", 0, ASCII_ONLY, ForwardPath.POSTMASTER, 12, "<postmaster>"),
                        arguments("RCPT TO:<POSTMASTER> NOTIFY=NEVER", 8, ASCII_ONLY, ForwardPath.POSTMASTER, 20,
                                "<postmaster>"),
                        arguments("<postmaster@example.com>", 0, ASCII_ONLY, mailbox("postmaster", dns("example.com")), 24,
                                "<postmaster@example.com>"),
                        arguments("<postmasters@example.com>", 0, ASCII_ONLY, mailbox("postmasters", dns("example.com")), 25,
                                "<postmasters@example.com>")));
    }

    /** Valid domains on their own: text, mode, expected A-label form, expected U-label form. */
    static Stream<Arguments> domains() {
        return Stream.of(
                arguments("example.com", ASCII_ONLY, "example.com", "example.com"),
                arguments("EXAMPLE.Com", ASCII_ONLY, "example.com", "example.com"),
                arguments("localhost", ASCII_ONLY, "localhost", "localhost"),
                arguments("a", ASCII_ONLY, "a", "a"),
                arguments("3com.example", ASCII_ONLY, "3com.example", "3com.example"),
                arguments("bücher.example", UTF8_ALLOWED, "xn--bcher-kva.example", "bücher.example"),
                arguments("xn--bcher-kva.example", ASCII_ONLY, "xn--bcher-kva.example", "bücher.example"),
                arguments("Xn--Bcher-Kva.Example", ASCII_ONLY, "xn--bcher-kva.example", "bücher.example"),
                arguments("日本語.jp", UTF8_ALLOWED, "xn--wgv71a119e.jp", "日本語.jp"),
                arguments("例え.テスト", UTF8_ALLOWED, "xn--r8jz45g.xn--zckzah", "例え.テスト"),
                arguments("mixed.xn--bcher-kva.bücher.example", UTF8_ALLOWED,
                        "mixed.xn--bcher-kva.xn--bcher-kva.example", "mixed.bücher.bücher.example"),
                // Final sigma, IDNA2008: an A-label IDNA2003 cannot round-trip is kept opaque, not remapped to σ.
                arguments("xn--3xa.example", ASCII_ONLY, "xn--3xa.example", "xn--3xa.example"),
                arguments("σ.example", UTF8_ALLOWED, "xn--4xa.example", "σ.example"),
                // ß, IDNA2008: xn--zca is "ß" and must not become "ss".
                arguments("xn--zca.example", ASCII_ONLY, "xn--zca.example", "xn--zca.example"),
                // Garbage after xn-- is still a valid LDH label: carried as is, DNS decides.
                arguments("xn--a.example", ASCII_ONLY, "xn--a.example", "xn--a.example"),
                arguments("a".repeat(63) + ".example", ASCII_ONLY, "a".repeat(63) + ".example", "a".repeat(63) + ".example"),
                arguments(domainOfLength(255), ASCII_ONLY, domainOfLength(255), domainOfLength(255)));
    }
}
