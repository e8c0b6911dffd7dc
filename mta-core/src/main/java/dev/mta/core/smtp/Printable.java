package dev.mta.core.smtp;

/**
 * Makes untrusted text safe to quote in an exception message, which ends up in a log line: control characters
 * and anything outside printable ASCII become {@code \xNN} or {@code \\uNNNN}, and long input is cut short, so
 * a rejected value can neither forge a log line nor flood it.
 */
final class Printable {

    private static final int MAX_CHARS = 64;

    private Printable() {
    }

    static String quote(CharSequence text) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8).append('"');
        int shown = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                out.append(c);
            } else if (c < 0x100) {
                out.append(String.format("\\x%02X", (int) c));
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        out.append('"');
        if (text.length() > shown) {
            out.append("... (").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
