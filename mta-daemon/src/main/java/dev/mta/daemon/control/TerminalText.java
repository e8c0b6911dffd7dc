package dev.mta.daemon.control;

/**
 * Text that is safe to print on a terminal: reply texts from remote servers and message content may carry escape
 * sequences, line breaks and bidirectional overrides; shown to an operator they could move the cursor, recolour or
 * reorder what is printed, or fake further lines. Each such character becomes a visible escape ({@code \x1b},
 * {@code \u202e}); a backslash becomes {@code \\}, so the result reads back unambiguously.
 */
public final class TerminalText {

    private TerminalText() {
    }

    /** {@code text} with every control, line or paragraph separator and bidi control escaped. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /** As {@link #escape(String)}, but a tab is kept (message lines, where tabs are ordinary folding white space). */
    public static String escapeLine(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepTab) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String replacement = null;
            if (c == '\\') {
                replacement = "\\\\";
            } else if (c == '\t' && keepTab) {
                replacement = null;
            } else if (Character.isISOControl(c)) {
                replacement = String.format(java.util.Locale.ROOT, "\\x%02x", (int) c);
            } else if (unsafeFormat(c)) {
                replacement = String.format(java.util.Locale.ROOT, "\\u%04x", (int) c);
            }
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** Line and paragraph separators, and the bidirectional embeddings, overrides and isolates (Trojan Source). */
    private static boolean unsafeFormat(char c) {
        return c == '\u2028' || c == '\u2029' || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }
}
