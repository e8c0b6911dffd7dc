package dev.mta.core.smtp;

import dev.mta.core.sink.QueueId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RepliesTest {

    /** Every constant of the catalogue with its code and status; the text is checked where it matters. */
    static Stream<Arguments> catalogue() {
        return Stream.of(
                Arguments.of("BYE", 221, "2.0.0"),
                Arguments.of("OK", 250, "2.0.0"),
                Arguments.of("SENDER_OK", 250, "2.1.0"),
                Arguments.of("RECIPIENT_OK", 250, "2.1.5"),
                Arguments.of("CANNOT_VRFY", 252, "2.1.5"),
                Arguments.of("AUTH_SUCCEEDED", 235, "2.7.0"),
                Arguments.of("READY_TO_START_TLS", 220, "2.0.0"),
                Arguments.of("START_MAIL_INPUT", 354, ""),
                Arguments.of("TIMEOUT", 421, "4.4.2"),
                Arguments.of("TOO_MANY_ERRORS", 421, "4.7.0"),
                Arguments.of("SHUTTING_DOWN", 421, "4.3.2"),
                Arguments.of("TOO_MANY_CONNECTIONS", 421, "4.7.0"),
                Arguments.of("TOO_MANY_MESSAGES", 421, "4.7.0"),
                Arguments.of("RATE_LIMITED", 450, "4.7.1"),
                Arguments.of("LOCAL_ERROR", 451, "4.3.0"),
                Arguments.of("INSUFFICIENT_STORAGE", 452, "4.3.1"),
                Arguments.of("TOO_MANY_RECIPIENTS", 452, "4.5.3"),
                Arguments.of("TLS_NOT_AVAILABLE", 454, "4.7.0"),
                Arguments.of("SYNTAX_ERROR", 500, "5.5.2"),
                Arguments.of("LINE_TOO_LONG", 500, "5.5.2"),
                Arguments.of("AUTH_LINE_TOO_LONG", 500, "5.5.6"),
                Arguments.of("PARAMETER_SYNTAX_ERROR", 501, "5.5.4"),
                Arguments.of("BAD_SENDER_SYNTAX", 501, "5.1.7"),
                Arguments.of("BAD_RECIPIENT_SYNTAX", 501, "5.1.3"),
                Arguments.of("AUTH_CANCELLED", 501, "5.7.0"),
                Arguments.of("AUTH_CANNOT_DECODE", 501, "5.5.2"),
                Arguments.of("NOT_IMPLEMENTED", 502, "5.5.1"),
                Arguments.of("BAD_SEQUENCE", 503, "5.5.1"),
                Arguments.of("AUTH_MECHANISM_UNKNOWN", 504, "5.5.4"),
                Arguments.of("TLS_REQUIRED", 530, "5.7.0"),
                Arguments.of("AUTH_REQUIRED", 530, "5.7.0"),
                Arguments.of("AUTH_FAILED", 535, "5.7.8"),
                Arguments.of("ENCRYPTION_REQUIRED_FOR_AUTH", 538, "5.7.11"),
                Arguments.of("UNKNOWN_RECIPIENT", 550, "5.1.1"),
                Arguments.of("RELAY_DENIED", 554, "5.7.1"),
                Arguments.of("BARE_LINE_ENDING", 550, "5.6.0"),
                Arguments.of("LINE_OVER_998_OCTETS", 550, "5.6.0"),
                Arguments.of("FROM_NOT_ALLOWED", 550, "5.7.1"),
                Arguments.of("MESSAGE_TOO_BIG", 552, "5.3.4"),
                Arguments.of("SMTPUTF8_REQUIRED", 553, "5.6.7"),
                Arguments.of("SENDER_NOT_ALLOWED", 553, "5.7.1"),
                Arguments.of("TOO_MANY_HOPS", 554, "5.4.6"),
                Arguments.of("NO_VALID_RECIPIENTS", 554, "5.5.0"),
                Arguments.of("TALKED_BEFORE_GREETING", 554, "5.5.0"),
                Arguments.of("PARAMETERS_NOT_RECOGNIZED", 555, "5.5.4"),
                Arguments.of("MX_LOOPS_BACK", 554, "5.4.6"),
                Arguments.of("BINARYMIME_UNSUPPORTED", 554, "5.6.3"));
    }

    @ParameterizedTest(name = "{0} is {1} {2}")
    @MethodSource("catalogue")
    void constantHasItsCodeAndStatus(String name, int code, String status) throws ReflectiveOperationException {
        Reply reply = constant(name);

        assertEquals(code, reply.code());
        assertEquals(status, reply.status().map(EnhancedStatus::format).orElse(""));
        String prefix = status.isEmpty() ? code + " " : code + " " + status + " ";
        assertTrue(reply.toWire().startsWith(prefix) && reply.toWire().endsWith("\r\n"), reply.toWire());
    }

    @Test
    void theTableAboveListsEveryConstant() {
        Set<String> listed = catalogue().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<String> declared = replyConstants().map(Field::getName).collect(Collectors.toSet());
        assertEquals(declared, listed);
    }

    @Test
    void everyConstantIsOneLineOfGenericTextWithAStatusUnless3xx() {
        replyConstants().forEach(field -> {
            Reply reply = get(field);
            assertEquals(1, reply.lines().size(), field.getName());
            assertEquals(reply.code() / 100 != 3, reply.status().isPresent(), field.getName());
            String text = reply.lines().get(0);
            assertTrue(Character.isUpperCase(text.charAt(0)) || Character.isDigit(text.charAt(0)),
                    field.getName() + ": " + text);
            // Generic text: no exception names, paths or placeholders leak onto the wire.
            for (String leak : List.of("Exception", "/var/", "/etc/", "%s", "{}", "null")) {
                assertTrue(!text.contains(leak), field.getName() + " contains " + leak);
            }
        });
    }

    /** DESIGN.md, "Replies that are easy to get wrong", row by row. */
    @Test
    void repliesFixedByTheDesign() {
        assertEquals("550 5.6.0", head(Replies.BARE_LINE_ENDING));
        assertTrue(Replies.BARE_LINE_ENDING.toWire().contains("CRLF"));
        assertEquals("550 5.6.0", head(Replies.LINE_OVER_998_OCTETS));
        assertTrue(Replies.LINE_OVER_998_OCTETS.toWire().contains("998 octets"));
        assertTrue(Replies.LINE_OVER_998_OCTETS.toWire().contains("quoted-printable or base64"));
        assertEquals("501 5.1.7", head(Replies.BAD_SENDER_SYNTAX));
        assertEquals("501 5.1.3", head(Replies.BAD_RECIPIENT_SYNTAX));
        assertEquals("553 5.7.1", head(Replies.SENDER_NOT_ALLOWED));
        assertEquals("550 5.7.1", head(Replies.FROM_NOT_ALLOWED));
        assertEquals("500 5.5.2", head(Replies.LINE_TOO_LONG));
        assertEquals("452 4.3.1", head(Replies.INSUFFICIENT_STORAGE));
        assertEquals("451 4.3.0", head(Replies.LOCAL_ERROR));
        assertEquals("554 5.4.6", head(Replies.TOO_MANY_HOPS));
        assertEquals("5.4.6", Replies.MX_LOOPS_BACK.status().orElseThrow().format());
        assertEquals("535 5.7.8", head(Replies.AUTH_FAILED));
        assertEquals("421 4.7.0", head(Replies.TOO_MANY_CONNECTIONS));
        assertEquals("450 4.7.1", head(Replies.RATE_LIMITED));
        assertEquals("5.6.3", Replies.BINARYMIME_UNSUPPORTED.status().orElseThrow().format());
    }

    @Test
    void greetingHeloAndEhloCarryNoStatus() {
        assertEquals("220 mx.example.org ESMTP\r\n", Replies.greeting("mx.example.org").toWire());
        assertEquals("250 mx.example.org\r\n", Replies.helo("mx.example.org").toWire());
        assertEquals("250-mx.example.org\r\n250-PIPELINING\r\n250-SIZE 36700160\r\n250 STARTTLS\r\n",
                Replies.ehlo("mx.example.org", List.of("PIPELINING", "SIZE 36700160", "STARTTLS")).toWire());
        assertEquals("250 mx.example.org\r\n", Replies.ehlo("mx.example.org", List.of()).toWire());
    }

    @Test
    void hostNamesAndExtensionsCannotInjectLines() {
        for (String bad : List.of("", "mx example", "mx\texample", "mx\r\n250 forged", "mx\n")) {
            assertThrows(IllegalArgumentException.class, () -> Replies.greeting(bad), bad);
            assertThrows(IllegalArgumentException.class, () -> Replies.helo(bad), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> Replies.ehlo("mx.example.org", List.of("SIZE 1\r\n250 AUTH PLAIN")));
    }

    @Test
    void variableReplies() {
        assertEquals("250 2.0.0 Ok: queued as 0123456789ABCD\r\n",
                Replies.queued(new QueueId("0123456789ABCD")).toWire());
        assertEquals("334 \r\n", Replies.authChallenge("").toWire());
        assertEquals("334 VXNlcm5hbWU6\r\n", Replies.authChallenge("VXNlcm5hbWU6").toWire());
        assertThrows(IllegalArgumentException.class, () -> Replies.authChallenge("abc\r\n"));
        assertEquals("250 2.0.0 4096 octets received\r\n", Replies.chunkReceived(4096).toWire());
        assertThrows(IllegalArgumentException.class, () -> Replies.chunkReceived(-1));
    }

    private static String head(Reply reply) {
        return reply.code() + " " + reply.status().map(EnhancedStatus::format).orElse("");
    }

    private static Stream<Field> replyConstants() {
        return Arrays.stream(Replies.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == Reply.class);
    }

    private static Reply constant(String name) throws ReflectiveOperationException {
        Field field = Replies.class.getField(name);
        assertTrue(Modifier.isFinal(field.getModifiers()) && Modifier.isPublic(field.getModifiers()), name);
        return (Reply) field.get(null);
    }

    private static Reply get(Field field) {
        try {
            return (Reply) field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
