package dev.mta.smtpd.wire.command;

/**
 * Case folding for protocol keywords, ASCII letters only. {@code String.toUpperCase} would also fold
 * non-ASCII letters ({@code "ſ"} to {@code "S"}, {@code "ı"} to {@code "I"}), which would let a verb or a
 * parameter value that is not the keyword pass for it.
 */
final class Ascii {

    private Ascii() {
    }

    static String upper(String text) {
        if (text == null) {
            return null;
        }
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'a' && chars[i] <= 'z') {
                chars[i] = (char) (chars[i] - ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
