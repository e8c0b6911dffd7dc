package dev.mta.smtpd.wire.command;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.MailParameters;
import java.util.Optional;

/**
 * Fuzz target for {@link CommandParser} (SECURITY.md section 5): only {@link Command} values come out, never an
 * exception; no parsed field holds CR, LF, NUL or another control character; SIZE and BDAT sizes are
 * non-negative; paths keep the RFC 5321 limits. {@code mvn verify} replays
 * {@code src/test/resources/dev/mta/smtpd/wire/command/CommandParserFuzzTestInputs}; {@code JAZZER_FUZZ=1 mvn -pl
 * mta-smtpd test -Dtest=CommandParserFuzzTest} fuzzes.
 */
class CommandParserFuzzTest {

    private final CommandParser parser = new CommandParser();

    @FuzzTest(maxDuration = "2m")
    void onlyCleanCommands(FuzzedDataProvider data) {
        ParseContext ctx = data.consumeBoolean() ? ParseContext.SMTPUTF8 : ParseContext.ASCII;
        String line = data.consumeRemainingAsString();
        Command command = parser.parse(line, ctx);
        assertNotNull(command);
        if (command instanceof Command.Ehlo c) {
            clean(c.domainOrLiteral());
        } else if (command instanceof Command.Helo c) {
            clean(c.domainOrLiteral());
        } else if (command instanceof Command.Mail c) {
            c.path().mailbox().ifPresent(m -> mailbox(m, c.params().smtpUtf8()));
            params(c.params());
        } else if (command instanceof Command.Rcpt c) {
            if (c.path() instanceof Mailbox m) {
                mailbox(m, ctx.recipientMode() == Utf8Mode.UTF8_ALLOWED);
            }
            c.params().originalRecipient().ifPresent(CommandParserFuzzTest::printableAscii);
        } else if (command instanceof Command.Bdat c) {
            assertTrue(c.size() >= 0);
        } else if (command instanceof Command.Vrfy c) {
            clean(c.arg());
        } else if (command instanceof Command.Auth c) {
            clean(c.mechanism());
            c.initialResponse().ifPresent(CommandParserFuzzTest::clean);
        } else if (command instanceof Command.HttpProbe c) {
            clean(c.verb());
        } else if (command instanceof Command.NotImplemented c) {
            clean(c.verb());
        } else if (command instanceof Command.Unknown c) {
            clean(c.verb());
        } else if (command instanceof Command.Invalid c) {
            assertTrue(c.reply().isPermanentFailure());
        }
    }

    private static void params(MailParameters params) {
        params.declaredSize().ifPresent(size -> assertTrue(size >= 0));
        params.envelopeId().ifPresent(CommandParserFuzzTest::printableAscii);
        params.authSender().ifPresent(CommandParserFuzzTest::printableAscii);
        assertTrue(params.envelopeId().map(String::length).orElse(0) <= EsmtpParameters.MAX_ENVID_CHARS);
    }

    private static void mailbox(Mailbox mailbox, boolean utf8) {
        String path = mailbox.pathForm(utf8 ? Utf8Mode.UTF8_ALLOWED : Utf8Mode.ASCII_ONLY);
        clean(path);
        assertTrue(path.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 256, "RFC 5321 section 4.5.3.1.3");
        if (!utf8) {
            assertFalse(mailbox.needsSmtputf8());
        }
    }

    private static void clean(String text) {
        text.codePoints().forEach(c -> assertTrue(c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F),
                () -> "control character " + Integer.toHexString(c) + " in " + Optional.of(text)));
    }

    private static void printableAscii(String text) {
        text.chars().forEach(c -> assertTrue(c >= 0x20 && c <= 0x7E));
    }
}
