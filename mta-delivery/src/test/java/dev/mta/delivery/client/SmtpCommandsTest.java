package dev.mta.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mta.core.address.ReversePath;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.DsnReturn;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.Recipient;
import dev.mta.testkit.Envelopes;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpCommandsTest {

    private static final ServerCapabilities PLAIN = ServerCapabilities.NONE;
    private static final ServerCapabilities DSN_SIZE_8BIT = new ServerCapabilities(false, true, OptionalLong.of(1000),
            true, false, false, false, true, false, false, Set.of());

    private static final Recipient WITH_DSN = new Recipient(Envelopes.mailbox("bob@example.com"),
            Set.of(DsnNotify.FAILURE, DsnNotify.DELAY), Optional.of("rfc822;Bob+x=y@example.com"));
    private static final MailParameters DSN_PARAMETERS = new MailParameters(BodyType.EIGHT_BIT_MIME, false,
            OptionalLong.empty(), Optional.of(DsnReturn.HDRS), Optional.of("id 1=2"), Optional.empty());

    private static OutboundEnvelope envelope(MailParameters parameters) {
        return new OutboundEnvelope(ReversePath.of(Envelopes.mailbox("alice@example.net")), parameters,
                List.of(WITH_DSN));
    }

    /** SECURITY.md S-20: a CR or LF never reaches an outbound command. */
    @ParameterizedTest
    @ValueSource(strings = {"RCPT TO:<v@remote.test>\r\nDATA", "RCPT TO:<v@remote.test>\nDATA",
        "MAIL FROM:<a@b>\rRSET", "EHLO a\0b"})
    void lineBreaksInACommandThrow(String line) {
        assertThrows(IllegalArgumentException.class, () -> SmtpCommands.checked(line));
    }

    @Test
    void anEhloNameWithALineBreakThrows() {
        assertThrows(IllegalArgumentException.class, () -> SmtpCommands.ehlo("mx.test\r\nMAIL FROM:<a@b>"));
    }

    @Test
    void dsnParametersOnlyWhenOffered() {
        assertEquals("MAIL FROM:<alice@example.net> SIZE=42 BODY=8BITMIME RET=HDRS ENVID=id+201+3D2",
                SmtpCommands.mail(envelope(DSN_PARAMETERS), 42, DSN_SIZE_8BIT));
        assertEquals("RCPT TO:<bob@example.com> NOTIFY=FAILURE,DELAY ORCPT=rfc822;Bob+2Bx+3Dy@example.com",
                SmtpCommands.rcpt(WITH_DSN, Utf8Mode.ASCII_ONLY, DSN_SIZE_8BIT));

        assertEquals("MAIL FROM:<alice@example.net>", SmtpCommands.mail(envelope(DSN_PARAMETERS), 42, PLAIN));
        assertEquals("RCPT TO:<bob@example.com>", SmtpCommands.rcpt(WITH_DSN, Utf8Mode.ASCII_ONLY, PLAIN));
    }

    @Test
    void xtextEncodesControlCharacters() {
        assertEquals("a+0D+0Ab+2B+3D", SmtpCommands.xtext("a\r\nb+="));
        assertEquals("+C3+A9", SmtpCommands.xtext("\u00e9"));
    }

    @Test
    void authPlainIsBase64OfTheThreeParts() {
        assertEquals("AUTH PLAIN AHVzZXIAcGFzcw==", SmtpCommands.authPlain(
                new ClientCredentials("user", new dev.mta.core.config.Secret("pass"))));
    }
}
