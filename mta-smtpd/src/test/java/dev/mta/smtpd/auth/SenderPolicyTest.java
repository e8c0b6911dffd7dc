package dev.mta.smtpd.auth;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.smtp.Replies;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SenderPolicyTest {

    private static final StoredPassword HASH = new PasswordHasher(new Argon2Cost(8, 1, 1),
            new java.security.SecureRandom()).dummy();

    private static Mailbox mailbox(String text) {
        return AddressParser.mailbox(text, Utf8Mode.UTF8_ALLOWED).orElseThrow();
    }

    private static Domain domain(String text) {
        return AddressParser.domain(text, Utf8Mode.UTF8_ALLOWED).orElseThrow();
    }

    private static final User ALICE = new User(mailbox("alice@example.com"), HASH);
    private static final User BOB = new User(mailbox("bob@example.com"), HASH,
            Set.of(mailbox("sales@example.net"), mailbox("Bob.Smith@example.com")),
            Set.of(domain("example.org"), domain("bücher.example")));

    private static User user(String name) {
        return name.equals("alice") ? ALICE : BOB;
    }

    private static ReversePath path(String text) {
        if (text.equals("<>")) {
            return ReversePath.NULL;
        }
        return AddressParser.reversePath("<" + text + ">", 0, Utf8Mode.UTF8_ALLOWED).orElseThrow();
    }

    @ParameterizedTest(name = "{0} MAIL FROM:<{1}> -> {2}")
    @CsvSource(textBlock = """
            alice, alice@example.com,             true
            alice, Alice@EXAMPLE.com,             true
            alice, alice@example.org,             false
            alice, bob@example.com,               false
            alice, alice+tag@example.com,         false
            alice, alice@sub.example.com,         false
            alice, alice@[192.0.2.1],             false
            alice, '"alice"@example.com',         true
            alice, <>,                            true
            bob,   bob@example.com,               true
            bob,   sales@example.net,             true
            bob,   SALES@example.net,             true
            bob,   other@example.net,             false
            bob,   bob.smith@example.com,         true
            bob,   anyone@example.org,            true
            bob,   anyone@EXAMPLE.ORG,            true
            bob,   anyone@sub.example.org,        false
            bob,   anyone@xn--bcher-kva.example,  true
            bob,   anyone@bücher.example,         true
            bob,   alice@example.com,             false
            """)
    void mailFromIsCheckedByAddress(String who, String from, boolean allowed) {
        User user = user(who);
        assertEquals(allowed, SenderPolicy.DEFAULT.mayUseMailFrom(user, path(from)));
        assertEquals(allowed ? Optional.empty() : Optional.of(Replies.SENDER_NOT_ALLOWED),
                SenderPolicy.DEFAULT.checkMailFrom(user, path(from)));
    }

    @Test
    void senderNotAllowedIs553() {
        assertEquals("553 5.7.1 Sender address not allowed for this user",
                SenderPolicy.DEFAULT.checkMailFrom(ALICE, path("bob@example.com")).orElseThrow().toString());
    }

    @Test
    void theNullSenderCanBeSwitchedOff() {
        assertEquals(Optional.of(Replies.SENDER_NOT_ALLOWED),
                new SenderPolicy(false).checkMailFrom(ALICE, ReversePath.NULL));
        assertEquals(Optional.empty(), new SenderPolicy(false).checkMailFrom(ALICE, path("alice@example.com")));
    }

    @ParameterizedTest(name = "{0} From: ...@{1} -> {2}")
    @CsvSource(textBlock = """
            alice, example.com,           true
            alice, EXAMPLE.COM,           true
            alice, example.org,           false
            alice, sub.example.com,       false
            alice, com,                   false
            bob,   example.com,           true
            bob,   example.net,           true
            bob,   example.org,           true
            bob,   xn--bcher-kva.example, true
            bob,   example.info,          false
            """)
    void fromHeaderIsCheckedByDomain(String who, String fromDomain, boolean allowed) {
        User user = user(who);
        assertEquals(allowed, SenderPolicy.DEFAULT.mayUseFromDomain(user, domain(fromDomain)));
        assertEquals(allowed ? Optional.empty() : Optional.of(Replies.FROM_NOT_ALLOWED),
                SenderPolicy.DEFAULT.checkFromHeader(user, List.of(domain(fromDomain))));
    }

    @Test
    void everyFromAddressMustBeAllowed() {
        assertEquals(Optional.empty(),
                SenderPolicy.DEFAULT.checkFromHeader(BOB, List.of(domain("example.com"), domain("example.org"))));
        assertEquals(Optional.of(Replies.FROM_NOT_ALLOWED),
                SenderPolicy.DEFAULT.checkFromHeader(BOB, List.of(domain("example.com"), domain("evil.test"))));
        assertEquals(Optional.empty(), SenderPolicy.DEFAULT.checkFromHeader(ALICE, List.of()));
        assertEquals("550 5.7.1 From header address not allowed for this user",
                SenderPolicy.DEFAULT.checkFromHeader(ALICE, List.of(domain("evil.test"))).orElseThrow().toString());
    }
}
