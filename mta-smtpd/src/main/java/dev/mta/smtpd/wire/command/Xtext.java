package dev.mta.smtpd.wire.command;

import java.util.Optional;

/**
 * Decodes xtext (RFC 3461 section 4): printable ASCII except {@code +} and {@code =}, and {@code +HH} with
 * two upper-case hex digits for anything else. The decoded text must be printable US-ASCII (space included):
 * a CR, LF, NUL or other control character, or an octet above 0x7E, is refused, so nothing decoded can break
 * a line of the queue's envelope file or of a DSN (CVE-2020-28021, CVE-2020-28026; SECURITY.md S-10).
 */
final class Xtext {

    private Xtext() {
    }

    /** The decoded text, or empty when {@code value} is not xtext or decodes to something refused. */
    static Optional<String> decode(String value, int maxDecodedChars) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '+') {
                if (i + 2 >= value.length()) {
                    return Optional.empty();
                }
                int high = hex(value.charAt(i + 1));
                int low = hex(value.charAt(i + 2));
                if (high < 0 || low < 0) {
                    return Optional.empty();
                }
                c = (char) (high << 4 | low);
                i += 2;
                if (c < 0x20 || c > 0x7E) {
                    return Optional.empty();
                }
            } else if (c < '!' || c > '~' || c == '=') {
                return Optional.empty();
            }
            out.append(c);
            if (out.length() > maxDecodedChars) {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }

    /** RFC 3461 section 4: hexchar uses upper-case A to F only. */
    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
