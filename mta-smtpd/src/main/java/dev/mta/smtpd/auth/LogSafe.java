package dev.mta.smtpd.auth;

/**
 * Quotes a client-supplied name (the SASL user name) for a log line: CR, LF, other controls and non-ASCII
 * become escapes and long names are cut, so a user name can neither forge a log line nor flood the log.
 */
final class LogSafe {

    private static final int MAX_CHARS = 100;

    private LogSafe() {
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_CHARS) + 8).append('"');
        int shown = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                out.append(c);
            } else {
                out.append(String.format("\\u%04X", (int) c));
            }
        }
        out.append('"');
        if (text.length() > shown) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
