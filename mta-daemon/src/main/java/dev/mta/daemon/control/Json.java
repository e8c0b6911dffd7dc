package dev.mta.daemon.control;

/**
 * The one thing {@code --json} output needs: JSON string literals (RFC 8259 section 7). Every character below
 * U+0020 is escaped as the RFC requires, and DEL, the C1 controls, the line and paragraph separators and the bidi
 * controls are escaped too, so the document is safe on a terminal and still decodes to the exact text.
 */
final class Json {

    private Json() {
    }

    /** {@code text} as a quoted JSON string. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                            || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
