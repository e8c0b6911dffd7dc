package dev.mta.smtpd.auth;

import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SaslExchangeTest {

    /** base64 of UTF-8 text in which {@code |} stands for NUL. */
    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.replace('|', '\0').getBytes(StandardCharsets.UTF_8));
    }

    private static SaslStep.Credentials credentials(SaslStep step) {
        return assertInstanceOf(SaslStep.Credentials.class, step, () -> "got " + step);
    }

    private static Reply failure(SaslStep step) {
        return assertInstanceOf(SaslStep.Failed.class, step, () -> "got " + step).reply();
    }

    private static SaslStep plainWithInitialResponse(String response) {
        return SaslMechanism.PLAIN.newExchange().start(Optional.of(response));
    }

    private static SaslStep plainAfterChallenge(String line) {
        SaslExchange exchange = SaslMechanism.PLAIN.newExchange();
        SaslStep.Challenge challenge = assertInstanceOf(SaslStep.Challenge.class, exchange.start(Optional.empty()));
        assertEquals("", challenge.base64());
        assertEquals("334 \r\n", challenge.reply().toWire());
        return exchange.respond(line);
    }

    // ---- PLAIN (RFC 4616) ---------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            no authzid                  ; |alice@example.com|secret         ; alice@example.com ; secret
            authzid equal to authcid    ; alice@example.com|alice@example.com|secret ; alice@example.com ; secret
            UTF-8 name and password     ; |jörg@bücher.example|pässwörd ☃   ; jörg@bücher.example ; pässwörd ☃
            password with spaces, colon ; '|bob@example.com| a: b '         ; bob@example.com   ; ' a: b '
            """)
    void plainGivesCredentialsWithAndWithoutInitialResponse(String name, String message, String authcid,
                                                            String password) {
        String wire = b64(message);
        for (SaslStep step : new SaslStep[] {plainWithInitialResponse(wire), plainAfterChallenge(wire)}) {
            SaslStep.Credentials credentials = credentials(step);
            assertEquals(authcid, credentials.authcid(), name);
            assertEquals(password, credentials.password(), name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            authzid differs             ; other@example.com|alice@example.com|secret ; 535 5.7.8
            authzid differs in case     ; Alice@example.com|alice@example.com|secret ; 535 5.7.8
            empty password              ; |alice@example.com|                        ; 535 5.7.8
            empty authcid               ; ||secret                                   ; 535 5.7.8
            one NUL only                ; alice@example.com|secret                   ; 501 5.5.2
            no NUL                      ; alice@example.com secret                   ; 501 5.5.2
            NUL inside password         ; |alice@example.com|sec|ret                 ; 501 5.5.2
            NUL inside authcid          ; |ali|ce@example.com|secret                 ; 501 5.5.2
            only NULs                   ; ||                                         ; 535 5.7.8
            """)
    void plainRefusesMalformedOrForeignCredentials(String name, String message, String expected) {
        for (SaslStep step : new SaslStep[] {plainWithInitialResponse(b64(message)), plainAfterChallenge(b64(message))}) {
            Reply reply = failure(step);
            assertEquals(expected, reply.code() + " " + reply.status().orElseThrow().format(), name);
        }
    }

    @Test
    void plainEmptyInitialResponseIsAnEmptyMessage() {
        // RFC 4954 section 4: "=" is an empty initial response; an empty PLAIN message has no NULs.
        assertEquals(AuthReplies.CANNOT_DECODE, failure(plainWithInitialResponse("=")));
        assertEquals(AuthReplies.CANNOT_DECODE, failure(plainAfterChallenge("")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            not base64            ; !!!
            missing padding       ; AGFsaWNlAHNlY3JldA
            space inside          ; AGFsaWNl AHNlY3JldA==
            url-safe alphabet     ; AGFs-WNlAHNlY3JldA==
            padding in the middle ; AG==aWNlAHNlY3JldA==
            """)
    void plainBadBase64Is501(String name, String line) {
        assertEquals(AuthReplies.CANNOT_DECODE, failure(plainWithInitialResponse(line)), name);
        assertEquals(AuthReplies.CANNOT_DECODE, failure(plainAfterChallenge(line)), name);
        assertEquals("501 5.5.2", AuthReplies.CANNOT_DECODE.code() + " "
                + AuthReplies.CANNOT_DECODE.status().orElseThrow().format());
    }

    @Test
    void plainInvalidUtf8Is501() {
        String wire = Base64.getEncoder().encodeToString(new byte[] {0, 'a', 0, (byte) 0xC3, (byte) 0x28});
        assertEquals(AuthReplies.CANNOT_DECODE, failure(plainWithInitialResponse(wire)));
    }

    @Test
    void plainCancelAfterChallengeIs501() {
        assertEquals(Replies.AUTH_CANCELLED, failure(plainAfterChallenge("*")));
        assertEquals(501, Replies.AUTH_CANCELLED.code());
    }

    @Test
    void starAsInitialResponseIsNotBase64() {
        // RFC 4954 section 4: cancelling is a response line; on the AUTH line "*" is simply not base64.
        assertEquals(AuthReplies.CANNOT_DECODE, failure(plainWithInitialResponse("*")));
    }

    @Test
    void responsesOverTheLimitAre500556() {
        String longest = "A".repeat(SaslExchange.MAX_LINE_OCTETS);
        String tooLong = "A".repeat(SaslExchange.MAX_LINE_OCTETS + 4);
        assertEquals(Replies.AUTH_LINE_TOO_LONG, failure(plainAfterChallenge(tooLong)));
        assertEquals(Replies.AUTH_LINE_TOO_LONG, failure(plainWithInitialResponse("A".repeat(20_000))));
        // 12288 octets is still allowed; decoded it is all zero octets, so not a PLAIN message.
        assertEquals(AuthReplies.CANNOT_DECODE, failure(plainAfterChallenge(longest)));
        SaslExchange login = SaslMechanism.LOGIN.newExchange();
        login.start(Optional.empty());
        assertEquals(Replies.AUTH_LINE_TOO_LONG, failure(login.respond(tooLong)));
    }

    // ---- LOGIN --------------------------------------------------------------------------------------------

    @Test
    void loginAsksForUserNameThenPassword() {
        SaslExchange exchange = SaslMechanism.LOGIN.newExchange();
        SaslStep.Challenge username = assertInstanceOf(SaslStep.Challenge.class, exchange.start(Optional.empty()));
        assertEquals("334 VXNlcm5hbWU6\r\n", username.reply().toWire());
        SaslStep.Challenge password = assertInstanceOf(SaslStep.Challenge.class,
                exchange.respond(b64("alice@example.com")));
        assertEquals("334 UGFzc3dvcmQ6\r\n", password.reply().toWire());
        SaslStep.Credentials credentials = credentials(exchange.respond(b64("pässwörd ☃")));
        assertEquals("alice@example.com", credentials.authcid());
        assertEquals("pässwörd ☃", credentials.password());
        assertThrows(IllegalStateException.class, () -> exchange.respond(b64("more")));
    }

    @Test
    void loginInitialResponseIsTheUserName() {
        SaslExchange exchange = SaslMechanism.LOGIN.newExchange();
        SaslStep.Challenge password = assertInstanceOf(SaslStep.Challenge.class,
                exchange.start(Optional.of(b64("alice@example.com"))));
        assertEquals(LoginExchange.PASSWORD_CHALLENGE, password.base64());
        assertEquals(new SaslStep.Credentials("alice@example.com", "secret"), exchange.respond(b64("secret")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            cancel at user name       ; *                     ; -        ; 501 5.7.0
            cancel at password        ; alice@example.com     ; *        ; 501 5.7.0
            bad base64 user name      ; !!!                   ; -        ; 501 5.5.2
            bad base64 password       ; alice@example.com     ; !!!      ; 501 5.5.2
            empty user name           ; ''                    ; -        ; 535 5.7.8
            empty password            ; alice@example.com     ; ''       ; 535 5.7.8
            NUL in user name          ; ali|ce@example.com    ; -        ; 501 5.5.2
            NUL in password           ; alice@example.com     ; sec|ret  ; 501 5.5.2
            """)
    void loginFailures(String name, String username, String password, String expected) {
        SaslExchange exchange = SaslMechanism.LOGIN.newExchange();
        exchange.start(Optional.empty());
        SaslStep step = exchange.respond(wire(username));
        if (!password.equals("-")) {
            assertInstanceOf(SaslStep.Challenge.class, step, name);
            step = exchange.respond(wire(password));
        }
        Reply reply = failure(step);
        assertEquals(expected, reply.code() + " " + reply.status().orElseThrow().format(), name);
        assertThrows(IllegalStateException.class, () -> exchange.respond(b64("x")), "the exchange is over");
    }

    /** Fields the table writes as text, except the special lines {@code *} and {@code !!!}, sent as they are. */
    private static String wire(String field) {
        return field.equals("*") || field.equals("!!!") ? field : b64(field);
    }

    @Test
    void loginEmptyInitialResponseIsAnEmptyUserName() {
        assertEquals(Replies.AUTH_FAILED, failure(SaslMechanism.LOGIN.newExchange().start(Optional.of("="))));
    }

    // ---- both -----------------------------------------------------------------------------------------------

    @Test
    void anExchangeStartsOnceAndAnswersOnlyWhenAsked() {
        SaslExchange plain = SaslMechanism.PLAIN.newExchange();
        assertThrows(IllegalStateException.class, () -> plain.respond(b64("|a@b.c|x")), "not started");
        plain.start(Optional.of(b64("|a@b.c|x")));
        assertThrows(IllegalStateException.class, () -> plain.start(Optional.empty()));
        assertThrows(IllegalStateException.class, () -> plain.respond(b64("|a@b.c|x")), "already done");
    }

    @Test
    void cancelThenANewMechanismStartsClean() {
        // SECURITY.md S-12, the CVE-2011-1720 path: AUTH LOGIN, *, then AUTH PLAIN with valid data.
        SaslExchange login = SaslMechanism.LOGIN.newExchange();
        login.start(Optional.empty());
        assertEquals(Replies.AUTH_CANCELLED, failure(login.respond("*")));
        SaslStep step = SaslMechanism.PLAIN.newExchange().start(Optional.of(b64("|alice@example.com|secret")));
        assertEquals(new SaslStep.Credentials("alice@example.com", "secret"), step);
    }

    @Test
    void credentialsNeverShowThePassword() {
        SaslStep.Credentials credentials = new SaslStep.Credentials("alice@example.com\r\nX", "hunter2");
        String text = credentials.toString();
        assertFalse(text.contains("hunter2"), text);
        assertFalse(text.contains("\r") || text.contains("\n"), text);
        assertTrue(text.contains("alice@example.com"), text);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            PLAIN, PLAIN
            plain, PLAIN
            Login, LOGIN
            """)
    void mechanismsAreFoundIgnoringCase(String name, SaslMechanism expected) {
        assertEquals(Optional.of(expected), SaslMechanism.byName(name));
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            FOO
            CRAM-MD5
            ''
            PLAIN2
            """)
    void unknownMechanismsAreNotFound(String name) {
        assertEquals(Optional.empty(), SaslMechanism.byName(name));
    }

    @Test
    void ehloAdvertisesPlainAndLogin() {
        assertEquals("PLAIN LOGIN", SaslMechanism.ehloParameter());
    }
}
