package dev.mta.core.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for the address parser with the invariants of SECURITY.md section 5: only a result value,
 * never an exception; nothing parsed holds CR, LF, NUL or another control character; the RFC 5321 limits
 * hold; a rendered value parses back to itself; octet and text input agree. {@code mvn verify} replays
 * the committed inputs under {@code src/test/resources/dev/mta/core/address/AddressParserFuzzTestInputs};
 * {@code JAZZER_FUZZ=1 mvn -pl mta-core test -Dtest=AddressParserFuzzTest} fuzzes.
 */
class AddressParserFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void paths(FuzzedDataProvider data) {
        Utf8Mode mode = data.consumeBoolean() ? Utf8Mode.UTF8_ALLOWED : Utf8Mode.ASCII_ONLY;
        byte[] line = data.consumeRemainingAsBytes();

        Parsed<ReversePath> reverse = AddressParser.reversePath(line, 0, mode);
        Parsed<ForwardPath> forward = AddressParser.forwardPath(line, 0, mode);
        checkEnd(line, reverse);
        checkEnd(line, forward);
        if (reverse instanceof Parsed.Ok<ReversePath> ok && !ok.value().isNull()) {
            checkMailbox(ok.value().mailbox().orElseThrow(), mode);
        }
        if (forward instanceof Parsed.Ok<ForwardPath> ok && ok.value() instanceof Mailbox mailbox) {
            checkMailbox(mailbox, mode);
        }

        String text = strictUtf8(line);
        if (text != null) {
            // The same line as text must get the same answer.
            Parsed<ReversePath> reverseText = AddressParser.reversePath(text, 0, mode);
            Parsed<ForwardPath> forwardText = AddressParser.forwardPath(text, 0, mode);
            assertEquals(reverse.toOptional(), reverseText.toOptional());
            assertEquals(forward.toOptional(), forwardText.toOptional());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void mailboxesAndDomains(FuzzedDataProvider data) {
        Utf8Mode mode = data.consumeBoolean() ? Utf8Mode.UTF8_ALLOWED : Utf8Mode.ASCII_ONLY;
        // Any Java string, unpaired surrogates included.
        String text = data.consumeRemainingAsString();

        if (AddressParser.mailbox(text, mode) instanceof Parsed.Ok<Mailbox> ok) {
            assertEquals(text.length(), ok.end());
            checkMailbox(ok.value(), mode);
        }
        if (AddressParser.domain(text, mode) instanceof Parsed.Ok<Domain> ok) {
            assertEquals(text.length(), ok.end());
            checkDomain(ok.value());
            assertEquals(ok.value(), AddressParser.domain(ok.value().unicode(), Utf8Mode.UTF8_ALLOWED).orElseThrow());
            assertEquals(ok.value(), AddressParser.domain(ok.value().ascii(), Utf8Mode.ASCII_ONLY).orElseThrow());
        }
    }

    private static <T> void checkEnd(byte[] line, Parsed<T> parsed) {
        if (parsed instanceof Parsed.Ok<T> ok) {
            assertTrue(ok.end() > 1 && ok.end() <= line.length);
            assertEquals('>', line[ok.end() - 1]);
            assertTrue(ok.end() == line.length || line[ok.end()] == ' ');
            assertTrue(ok.end() <= PathScanner.MAX_OCTETS, "the path as written, source route included");
        }
    }

    private static void checkMailbox(Mailbox mailbox, Utf8Mode mode) {
        assertFalse(mailbox.localPart().isEmpty());
        mailbox.localPart().codePoints().forEach(c -> assertFalse(Chars.isForbidden(c)));
        assertTrue(Chars.utf8Length(mailbox.localPartForm()) <= LocalPartScanner.MAX_OCTETS);
        if (mailbox.host() instanceof Domain domain) {
            checkDomain(domain);
        }
        if (mode == Utf8Mode.ASCII_ONLY) {
            assertFalse(mailbox.needsSmtputf8());
        }
        String utf8 = mailbox.pathForm(Utf8Mode.UTF8_ALLOWED);
        assertTrue(Chars.utf8Length(utf8) <= PathScanner.MAX_OCTETS);
        Mailbox again = (Mailbox) AddressParser.forwardPath(utf8, 0, Utf8Mode.UTF8_ALLOWED).orElseThrow();
        assertEquals(mailbox, again);
        assertEquals(mailbox.localPart(), again.localPart());
        assertEquals(mailbox.host().unicode(), again.host().unicode());
        if (!mailbox.needsSmtputf8()) {
            String ascii = mailbox.pathForm(Utf8Mode.ASCII_ONLY);
            assertTrue(Chars.isAscii(ascii) && ascii.length() <= PathScanner.MAX_OCTETS);
            assertEquals(mailbox, AddressParser.reversePath(ascii, 0, Utf8Mode.ASCII_ONLY).orElseThrow().mailbox().orElseThrow());
        }
    }

    private static void checkDomain(Domain domain) {
        assertTrue(domain.ascii().length() <= DomainScanner.MAX_OCTETS);
        assertTrue(Chars.utf8Length(domain.unicode()) <= DomainScanner.MAX_OCTETS);
        for (String label : domain.ascii().split("\\.", -1)) {
            assertTrue(!label.isEmpty() && label.length() <= IdnaLabel.MAX_OCTETS);
            label.chars().forEach(c -> assertTrue(Chars.isLdh((char) c) && !(c >= 'A' && c <= 'Z')));
        }
        domain.unicode().codePoints().forEach(c -> assertFalse(Chars.isForbidden(c) || c == ' '));
    }

    private static String strictUtf8(byte[] line) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
