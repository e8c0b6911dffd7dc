package dev.mta.core.address;

import java.net.IDN;
import java.util.Locale;

/**
 * One domain label in both IDNA forms (RFC 5890 section 2.3.2.1): the A-label ({@code xn--…}, what DNS and
 * non-SMTPUTF8 peers see) and the U-label (what people and SMTPUTF8 peers see).
 *
 * <p><b>Why {@link IDN} (IDNA2003) and not ICU4J (IDNA2008 / UTS 46).</b> The JDK implements IDNA2003.
 * Where it disagrees with IDNA2008 it would send mail to a <em>different domain</em>: it maps {@code ß}
 * to {@code ss} and final sigma {@code ς} to {@code σ}, and deletes ZWJ and ZWNJ, while IDNA2008 encodes
 * all four as themselves ({@code faß.de} is {@code xn--fa-hia.de}, not {@code fass.de}). IDNA2003 also
 * maps (NFKC, case folding) characters IDNA2008 refuses, e.g. full-width letters. We therefore accept a
 * U-label only where both standards agree, and refuse the rest instead of guessing:
 * <ul>
 *   <li>the four deviation characters (UTS 46 section 4) are refused with their own reason;</li>
 *   <li>the label must survive {@code toUnicode(toASCII(label))} unchanged apart from case, so no
 *       IDNA2003 mapping was applied;</li>
 *   <li>code points unassigned in Unicode 3.2 (IDNA2003's table), emoji among them, are refused. This is
 *       the one real loss: letters of scripts added to Unicode after 3.2 cannot be written as U-labels.
 *       Their A-labels are still accepted, as below.</li>
 * </ul>
 * Symbols that IDNA2003 encodes and IDNA2008 disallows ({@code ♥}) are accepted: both give the same
 * A-label, so the mail goes where the sender meant; whether such a name exists is DNS's business.
 * A-labels from the wire are never re-encoded: the A-label is kept as written (lower case) and decoded
 * for display only when the decoded label passes the checks above and encodes back to it; otherwise the
 * A-label is also the display form. So an IDNA2008-only name like {@code xn--fa-hia} is routed exactly.
 * ICU4J (13 MB) would lift the Unicode 3.2 limit; it is not worth it for a mail server's domain checks.
 *
 * @param ascii   the lower-case A-label, or the lower-case LDH label when it is plain ASCII
 * @param unicode the U-label, or {@code ascii} when the label is plain ASCII or an opaque A-label
 */
record IdnaLabel(String ascii, String unicode) {

    /** RFC 1035 section 2.3.4, RFC 5890 section 2.3.2.1. */
    static final int MAX_OCTETS = 63;

    private static final String ACE_PREFIX = "xn--";

    /**
     * Converts a label already scanned as LDH characters and non-ASCII code points (no dots, no controls).
     */
    static Parsed<IdnaLabel> of(String label) {
        if (label.charAt(0) == '-') {
            return Parsed.syntax("domain label starts with a hyphen");
        }
        if (label.charAt(label.length() - 1) == '-') {
            return Parsed.syntax("domain label ends with a hyphen");
        }
        if (Chars.isAscii(label)) {
            if (label.length() > MAX_OCTETS) {
                return tooLong();
            }
            String ascii = label.toLowerCase(Locale.ROOT);
            return Parsed.ok(new IdnaLabel(ascii, ascii.startsWith(ACE_PREFIX) ? decode(ascii) : ascii), label.length());
        }
        return fromUnicode(label);
    }

    private static Parsed<IdnaLabel> fromUnicode(String label) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c == '\u00DF' || c == '\u03C2' || c == '\u200C' || c == '\u200D') {
                return Parsed.syntax("domain label has " + Chars.describe(c)
                        + ", which IDNA2003 and IDNA2008 encode differently");
            }
        }
        String lower = label.toLowerCase(Locale.ROOT);
        String ascii;
        try {
            ascii = IDN.toASCII(lower, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            // Unassigned in Unicode 3.2, prohibited by nameprep, or an A-label over 63 octets.
            return Parsed.syntax("domain label cannot be converted to an A-label");
        }
        if (ascii.length() > MAX_OCTETS) {
            return tooLong();
        }
        if (!ascii.startsWith(ACE_PREFIX) || !IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES).equals(lower)) {
            return Parsed.syntax("domain label is not a canonical U-label (IDNA would change it)");
        }
        return Parsed.ok(new IdnaLabel(ascii, lower), label.length());
    }

    /** The U-label for a lower-case A-label, or the A-label itself when it does not decode cleanly. */
    private static String decode(String aLabel) {
        String decoded = IDN.toUnicode(aLabel, IDN.USE_STD3_ASCII_RULES);
        if (decoded.equals(aLabel) || decoded.isEmpty() || !isScannable(decoded)) {
            return aLabel;
        }
        // Keep the U-label only if writing it would parse back to this very A-label.
        return of(decoded) instanceof Parsed.Ok<IdnaLabel> ok && ok.value().ascii().equals(aLabel)
                ? decoded : aLabel;
    }

    /** Whether the domain scanner would take every character of a decoded label as part of one label. */
    private static boolean isScannable(String label) {
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            if (c < 0x80) {
                if (!Chars.isLdh(c)) {
                    return false;
                }
            } else {
                int codePoint = Chars.codePointAt(label, i, label.length());
                if (Chars.refusal(codePoint) != null) {
                    return false;
                }
                i += Character.charCount(codePoint) - 1;
            }
        }
        return true;
    }

    private static Parsed<IdnaLabel> tooLong() {
        return Parsed.tooLong("domain label longer than " + MAX_OCTETS + " octets");
    }
}
