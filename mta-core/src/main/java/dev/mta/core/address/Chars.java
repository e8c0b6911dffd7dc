package dev.mta.core.address;

/**
 * Character classes of RFC 5321 section 4.1.2 and RFC 5322 section 3.2.3, and the few Unicode checks that
 * RFC 6531 adds. Pure functions over {@code char}s and code points.
 */
final class Chars {

    /** Returned by {@link #codePointAt} for an unpaired surrogate, which no UTF-8 sequence can produce. */
    static final int BROKEN = -1;

    private Chars() {
    }

    static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** Letters, digits and hyphen: the characters of an ASCII domain label (RFC 5321 {@code Ldh-str}). */
    static boolean isLdh(char c) {
        return isAlpha(c) || isDigit(c) || c == '-';
    }

    /** RFC 5322 section 3.2.3 {@code atext}, the ASCII characters of a dot-string atom. */
    static boolean isAtext(char c) {
        if (isAlpha(c) || isDigit(c)) {
            return true;
        }
        return switch (c) {
            case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '/', '=', '?', '^', '_', '`', '{', '|', '}', '~' ->
                    true;
            default -> false;
        };
    }

    /** RFC 5321 {@code qtextSMTP}: printable ASCII and space, except {@code "} and {@code \}. */
    static boolean isQtext(char c) {
        return c >= 32 && c <= 126 && c != '"' && c != '\\';
    }

    /**
     * The code point of a non-ASCII character at {@code i}, or {@link #BROKEN} when it is half of a
     * surrogate pair: text decoded from invalid UTF-8 is the only way to get one.
     */
    static int codePointAt(CharSequence s, int i, int end) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            if (i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                return Character.toCodePoint(c, s.charAt(i + 1));
            }
            return BROKEN;
        }
        return Character.isLowSurrogate(c) ? BROKEN : c;
    }

    /**
     * Whether a code point may never appear in an address, whatever the extensions: C0 and C1 controls
     * (NUL, CR, LF and the rest, DEL), and the Unicode line and paragraph separators, which some software
     * treats as line ends (RFC 6531 section 3.3 allows UTF-8 text, not line structure).
     */
    static boolean isForbidden(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /** The reason for a non-ASCII code point that cannot be part of an address, or null when it can. */
    static String refusal(int codePoint) {
        if (codePoint == BROKEN) {
            return "invalid UTF-8";
        }
        if (isForbidden(codePoint)) {
            return "control character " + describe(codePoint);
        }
        return null;
    }

    /**
     * Names a character for a reason text without copying anything unsafe into a reply: printable ASCII
     * is shown quoted, anything else as {@code U+XXXX}, so CR, LF and NUL never reach the wire.
     */
    static String describe(int codePoint) {
        if (codePoint == ' ') {
            return "space";
        }
        if (codePoint > 32 && codePoint < 127) {
            return "'" + (char) codePoint + "'";
        }
        return String.format("U+%04X", codePoint);
    }

    /** The reason for an unexpected character at {@code i} of {@code s}, saying where it was found. */
    static String unexpected(CharSequence s, int i, int end, String where) {
        char c = s.charAt(i);
        if (c < 0x80) {
            return (c < 32 || c == 127 ? "control character " : "invalid character ") + describe(c) + " in " + where;
        }
        int codePoint = codePointAt(s, i, end);
        String refusal = refusal(codePoint);
        return refusal != null ? refusal : "invalid character " + describe(codePoint) + " in " + where;
    }

    /** Octets the UTF-8 encoding of one code point takes. */
    static int utf8Length(int codePoint) {
        if (codePoint < 0x80) {
            return 1;
        }
        if (codePoint < 0x800) {
            return 2;
        }
        return codePoint < 0x10000 ? 3 : 4;
    }

    /** Octets the UTF-8 encoding of {@code s[from, to)} takes; a surrogate pair counts once, as 4. */
    static int utf8Length(CharSequence s, int from, int to) {
        int octets = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                octets++;
            } else if (c < 0x800) {
                octets += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < to && Character.isLowSurrogate(s.charAt(i + 1))) {
                octets += 4;
                i++;
            } else {
                octets += 3;
            }
        }
        return octets;
    }

    static int utf8Length(CharSequence s) {
        return utf8Length(s, 0, s.length());
    }

    static boolean isAscii(CharSequence s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    static boolean isAscii(CharSequence s) {
        return isAscii(s, 0, s.length());
    }

    /**
     * ASCII-only case-insensitive comparison of {@code s[at, at + word.length())} with a lower-case word.
     * {@link String#regionMatches(boolean, int, String, int, int)} is not used because it folds non-ASCII
     * letters too: it would take {@code poſtmaster} (long s) for {@code postmaster}.
     */
    static boolean matchesIgnoreAsciiCase(CharSequence s, int at, int end, String lowerCaseWord) {
        if (at + lowerCaseWord.length() > end) {
            return false;
        }
        for (int k = 0; k < lowerCaseWord.length(); k++) {
            char c = s.charAt(at + k);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + ('a' - 'A'));
            }
            if (c != lowerCaseWord.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}
