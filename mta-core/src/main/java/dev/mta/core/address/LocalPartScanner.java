package dev.mta.core.address;

/**
 * Scans the local part of a mailbox (RFC 5321 section 4.1.2, extended by RFC 6531 section 3.3):
 * <pre>
 * Local-part   = Dot-string / Quoted-string
 * Dot-string   = Atom *("." Atom)
 * Atom         = 1*atext                          ; RFC 6531: atext =/ UTF8-non-ascii
 * Quoted-string = DQUOTE *QcontentSMTP DQUOTE
 * QcontentSMTP = qtextSMTP / quoted-pairSMTP
 * quoted-pairSMTP = %d92 %d32-126                 ; not extended by RFC 6531
 * qtextSMTP    = %d32-33 / %d35-91 / %d93-126     ; RFC 6531: =/ UTF8-non-ascii
 * </pre>
 * The value is the local part as the mailbox stores it: a dot-string as written, a quoted string without
 * its quotes and with each quoted-pair replaced by the character it quotes. Scanning stops at the
 * {@code @} (or at a {@code >} or the end, which the caller reports as a missing domain). One pass, no
 * backtracking; it stops as soon as the 64-octet limit is passed, so a huge input costs little.
 */
final class LocalPartScanner {

    /** RFC 5321 section 4.5.3.1.1. */
    static final int MAX_OCTETS = 64;

    private LocalPartScanner() {
    }

    static Parsed<String> scan(CharSequence s, int start, int end) {
        if (start >= end || s.charAt(start) == '@') {
            return Parsed.syntax("empty local part");
        }
        return s.charAt(start) == '"' ? quoted(s, start, end) : dotString(s, start, end);
    }

    private static Parsed<String> dotString(CharSequence s, int start, int end) {
        int i = start;
        int octets = 0;
        boolean afterDot = true;
        while (i < end) {
            char c = s.charAt(i);
            int width = 1;
            if (c == '.') {
                if (afterDot) {
                    return Parsed.syntax(i == start ? "local part starts with a dot" : "local part has two dots in a row");
                }
                afterDot = true;
                octets++;
            } else if (c < 0x80) {
                if (!Chars.isAtext(c)) {
                    break;
                }
                afterDot = false;
                octets++;
            } else {
                int codePoint = Chars.codePointAt(s, i, end);
                String refusal = Chars.refusal(codePoint);
                if (refusal != null) {
                    return Parsed.syntax(refusal + " in local part");
                }
                width = Character.charCount(codePoint);
                afterDot = false;
                octets += Chars.utf8Length(codePoint);
            }
            if (octets > MAX_OCTETS) {
                return tooLong();
            }
            i += width;
        }
        if (i < end && s.charAt(i) != '@' && s.charAt(i) != '>') {
            return Parsed.syntax(Chars.unexpected(s, i, end, "local part"));
        }
        if (afterDot) {
            return Parsed.syntax("local part ends with a dot");
        }
        return Parsed.ok(s.subSequence(start, i).toString(), i);
    }

    private static Parsed<String> quoted(CharSequence s, int start, int end) {
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        int octets = 1;
        while (true) {
            if (i >= end) {
                return Parsed.syntax("quoted local part has no closing quote");
            }
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                octets++;
                break;
            }
            if (c == '\\') {
                if (i + 1 >= end) {
                    return Parsed.syntax("quoted local part has no closing quote");
                }
                char quotedChar = s.charAt(i + 1);
                if (quotedChar < 32 || quotedChar > 126) {
                    return Parsed.syntax(quotedChar < 32 || quotedChar == 127
                            ? Chars.unexpected(s, i + 1, end, "local part")
                            : "backslash before a non-ASCII character in local part");
                }
                value.append(quotedChar);
                i += 2;
                octets += 2;
            } else if (c < 0x80) {
                if (!Chars.isQtext(c)) {
                    return Parsed.syntax(Chars.unexpected(s, i, end, "local part"));
                }
                value.append(c);
                i++;
                octets++;
            } else {
                int codePoint = Chars.codePointAt(s, i, end);
                String refusal = Chars.refusal(codePoint);
                if (refusal != null) {
                    return Parsed.syntax(refusal + " in local part");
                }
                value.appendCodePoint(codePoint);
                i += Character.charCount(codePoint);
                octets += Chars.utf8Length(codePoint);
            }
            if (octets > MAX_OCTETS) {
                return tooLong();
            }
        }
        if (octets > MAX_OCTETS) {
            return tooLong();
        }
        if (value.length() == 0) {
            // The grammar allows "", but no mailbox is named by nothing; refusing keeps "" out of queues and logs.
            return Parsed.syntax("empty local part");
        }
        if (i < end && s.charAt(i) != '@' && s.charAt(i) != '>') {
            return Parsed.syntax(Chars.unexpected(s, i, end, "local part after the closing quote"));
        }
        return Parsed.ok(value.toString(), i);
    }

    private static Parsed<String> tooLong() {
        return Parsed.tooLong("local part longer than " + MAX_OCTETS + " octets");
    }
}
