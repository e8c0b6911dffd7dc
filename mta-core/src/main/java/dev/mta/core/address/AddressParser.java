package dev.mta.core.address;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Parses addresses as SMTP carries them (RFC 5321 section 4.1.2, RFC 6531) and as configuration files
 * write them. Every method is a pure function: a hand-written scanner, one pass, no regular expressions,
 * no recursion and no DNS, so its cost is linear in the input and a hostile input cannot make it slow.
 * Results are values: {@link Parsed.Ok} with the value and the index after it, or {@link Parsed.Invalid}
 * with a reason a reply can quote; nothing is thrown for bad input.
 *
 * <p>Limits (RFC 5321 section 4.5.3.1), counted in UTF-8 octets: local part 64, domain 255, path 256
 * including the angle brackets (so 254 for a bare mailbox). Non-ASCII text is accepted only with
 * {@link Utf8Mode#UTF8_ALLOWED}; otherwise an address that would be valid with SMTPUTF8 is refused with
 * {@link Parsed.Problem#NEEDS_SMTPUTF8}. Control characters, NUL, CR, LF and invalid UTF-8 (in a
 * {@code String}: an unpaired surrogate) are always refused.
 */
public final class AddressParser {

    private AddressParser() {
    }

    /**
     * The reverse path of {@code MAIL FROM:}: {@code <>} or {@code <mailbox>}, optionally with a source route.
     *
     * @param line  the command line (without CRLF)
     * @param start the index of the {@code <}
     * @return the path and the index just after its {@code >}; the next character, if any, is a space
     */
    public static Parsed<ReversePath> reversePath(CharSequence line, int start, Utf8Mode mode) {
        Objects.checkIndex(start, line.length() + 1);
        return followedBySpaceOrEnd(line, PathScanner.reverse(line, start, line.length(), mode));
    }

    /**
     * The forward path of {@code RCPT TO:}: {@code <mailbox>}, optionally with a source route (ignored), or
     * {@code <Postmaster>} in any case as {@link ForwardPath#POSTMASTER}.
     *
     * @param line  the command line (without CRLF)
     * @param start the index of the {@code <}
     * @return the path and the index just after its {@code >}; the next character, if any, is a space
     */
    public static Parsed<ForwardPath> forwardPath(CharSequence line, int start, Utf8Mode mode) {
        Objects.checkIndex(start, line.length() + 1);
        return followedBySpaceOrEnd(line, PathScanner.forward(line, start, line.length(), mode));
    }

    /**
     * {@link #reversePath(CharSequence, int, Utf8Mode)} on the octets of a command line as received; the
     * path must be valid UTF-8, and the end index counts octets.
     */
    public static Parsed<ReversePath> reversePath(byte[] line, int start, Utf8Mode mode) {
        Objects.checkIndex(start, line.length + 1);
        int stop = pathStop(line, start);
        String text = decode(line, start, stop);
        if (text == null) {
            return Parsed.syntax("invalid UTF-8");
        }
        return inOctets(line, start, stop, text, PathScanner.reverse(text, 0, text.length(), mode));
    }

    /**
     * {@link #forwardPath(CharSequence, int, Utf8Mode)} on the octets of a command line as received; the
     * path must be valid UTF-8, and the end index counts octets.
     */
    public static Parsed<ForwardPath> forwardPath(byte[] line, int start, Utf8Mode mode) {
        Objects.checkIndex(start, line.length + 1);
        int stop = pathStop(line, start);
        String text = decode(line, start, stop);
        if (text == null) {
            return Parsed.syntax("invalid UTF-8");
        }
        return inOctets(line, start, stop, text, PathScanner.forward(text, 0, text.length(), mode));
    }

    /**
     * A bare mailbox such as {@code user@example.com}, the whole text, without angle brackets: for
     * configuration, the users file and the aliases file. Not for SMTP commands, where RFC 5321 requires
     * the brackets.
     */
    public static Parsed<Mailbox> mailbox(CharSequence text, Utf8Mode mode) {
        int end = text.length();
        if (end == 0) {
            return Parsed.syntax("empty address");
        }
        if (text.charAt(0) == '<') {
            return Parsed.syntax("address must be written without <>");
        }
        if (Chars.utf8Length(text) > MailboxScanner.MAX_OCTETS) {
            return Parsed.tooLong("address longer than " + MailboxScanner.MAX_OCTETS + " octets");
        }
        Parsed<Mailbox> parsed = MailboxScanner.scan(text, 0, end, "");
        if (!(parsed instanceof Parsed.Ok<Mailbox> ok)) {
            return parsed;
        }
        if (!MailboxScanner.fitsWhenRendered(ok.value())) {
            return Parsed.tooLong("address longer than " + MailboxScanner.MAX_OCTETS + " octets in its canonical form");
        }
        if (mode == Utf8Mode.ASCII_ONLY && !Chars.isAscii(text)) {
            return PathScanner.needsSmtputf8();
        }
        return parsed;
    }

    /**
     * A domain name on its own, the whole text, such as an accepted domain in the configuration. U-labels
     * are converted to A-labels and A-labels decoded, so both spellings give equal values. Address literals
     * are not domains and are refused.
     */
    public static Parsed<Domain> domain(CharSequence text, Utf8Mode mode) {
        Parsed<Domain> parsed = DomainScanner.scan(text, 0, text.length(), "");
        if (parsed.isOk() && mode == Utf8Mode.ASCII_ONLY && !Chars.isAscii(text)) {
            return PathScanner.needsSmtputf8();
        }
        return parsed;
    }

    private static <T> Parsed<T> followedBySpaceOrEnd(CharSequence line, Parsed<T> parsed) {
        if (parsed instanceof Parsed.Ok<T> ok && ok.end() < line.length() && line.charAt(ok.end()) != ' ') {
            return Parsed.syntax("unexpected text after the path");
        }
        return parsed;
    }

    /**
     * Where the path starting at {@code start} ends: just after the first {@code >} outside a quoted
     * string, or the end of the line. The rest of the line (ESMTP parameters) need not be UTF-8. Every
     * octet tested here is ASCII, and no octet of a multi-byte UTF-8 sequence is ASCII, so the search
     * cannot be fooled by UTF-8 text.
     */
    private static int pathStop(byte[] line, int start) {
        boolean quoted = false;
        for (int i = start; i < line.length; i++) {
            byte b = line[i];
            if (quoted) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    quoted = false;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == '>') {
                return i + 1;
            }
        }
        return line.length;
    }

    /** Strict UTF-8 (no overlong forms, no encoded surrogates), or null. */
    private static String decode(byte[] line, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(line, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static <T> Parsed<T> inOctets(byte[] line, int start, int stop, String text, Parsed<T> parsed) {
        if (!(parsed instanceof Parsed.Ok<T> ok)) {
            return parsed;
        }
        int end = start + Chars.utf8Length(text, 0, ok.end());
        if (end < line.length && line[end] != ' ') {
            return Parsed.syntax("unexpected text after the path");
        }
        return Parsed.ok(ok.value(), end);
    }
}
