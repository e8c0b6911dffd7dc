package dev.mta.queue.record;

/**
 * Percent-escaping of record values, so that no value can end a line or inject a key (the OpenSMTPD
 * CVE-2020-8794 and Exim CVE-2020-28021 lesson: a newline from the network must never reach a line-based
 * envelope file). {@code %}, the C0 and C1 controls, DEL, U+2028/U+2029 and unpaired surrogates are escaped:
 * {@code %XX} below U+0080, {@code %uXXXX} above. Everything else, UTF-8 included, stays readable.
 */
final class FieldEscaping {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private FieldEscaping() {
    }

    static String escape(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (needsEscape(value, i)) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                if (c < 0x80) {
                    out.append('%').append(HEX[c >> 4]).append(HEX[c & 15]);
                } else {
                    out.append("%u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 15])
                            .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
                }
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    private static boolean needsEscape(String s, int i) {
        char c = s.charAt(i);
        if (c == '%' || Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
            return true;
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return i == 0 || !Character.isHighSurrogate(s.charAt(i - 1));
        }
        return false;
    }

    /** The inverse of {@link #escape}; refuses anything {@code escape} cannot have produced. */
    static String unescape(String text) throws CorruptRecordException {
        int first = text.indexOf('%');
        if (first < 0) {
            if (!escape(text).equals(text)) {
                throw new CorruptRecordException("unescaped control character in '" + escape(text) + "'");
            }
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        int i = first;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            char decoded;
            if (i + 1 < text.length() && text.charAt(i + 1) == 'u') {
                decoded = (char) hex(text, i + 2, 4);
                if (decoded < 0x80) {
                    throw new CorruptRecordException("non-canonical escape at " + i);
                }
                i += 6;
            } else {
                decoded = (char) hex(text, i + 1, 2);
                i += 3;
            }
            out.append(decoded);
        }
        String result = out.toString();
        if (!escape(result).equals(text)) {
            // Only the canonical form is valid: one value, one spelling (no half-valid records).
            throw new CorruptRecordException("non-canonical escaping in '" + text + "'");
        }
        return result;
    }

    private static int hex(String text, int from, int digits) throws CorruptRecordException {
        if (from + digits > text.length()) {
            throw new CorruptRecordException("truncated escape at " + (from - 1));
        }
        int value = 0;
        for (int i = from; i < from + digits; i++) {
            char c = text.charAt(i);
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                throw new CorruptRecordException("bad escape at " + (from - 1));
            }
            value = value * 16 + d;
        }
        return value;
    }
}
