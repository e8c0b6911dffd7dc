package dev.mta.core.address;

/**
 * Scans a domain name (RFC 5321 section 4.1.2, with U-labels from RFC 6531 section 3.3):
 * <pre>
 * Domain     = sub-domain *("." sub-domain)
 * sub-domain = Let-dig [Ldh-str]                  ; RFC 6531: / U-label
 * </pre>
 * A single label is allowed, as the grammar allows it. A trailing dot is not part of the grammar and is
 * refused. Scanning stops at the first character that cannot be part of a domain; the caller checks that
 * it is one of the terminators its context allows ({@code >} in a path, {@code ,} or {@code :} in a source
 * route, only the end of the input for a bare domain); anything else is reported as an invalid character.
 */
final class DomainScanner {

    /** RFC 5321 section 4.5.3.1.2. */
    static final int MAX_OCTETS = 255;

    private DomainScanner() {
    }

    /**
     * @param terminators the characters that may follow the domain; the end of the input always may
     */
    static Parsed<Domain> scan(CharSequence s, int start, int end, String terminators) {
        if (start >= end || !isLabelChar(s, start)) {
            if (start < end && s.charAt(start) == '.') {
                return Parsed.syntax("domain starts with a dot");
            }
            if (start < end && terminators.indexOf(s.charAt(start)) < 0) {
                return Parsed.syntax(Chars.unexpected(s, start, end, "domain"));
            }
            return Parsed.syntax("empty domain");
        }
        StringBuilder ascii = new StringBuilder();
        StringBuilder unicode = new StringBuilder();
        String lastAsciiLabel = "";
        int i = start;
        while (true) {
            int labelStart = i;
            int codePoints = 0;
            while (i < end) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    if (!Chars.isLdh(c)) {
                        break;
                    }
                    i++;
                } else {
                    int codePoint = Chars.codePointAt(s, i, end);
                    String refusal = Chars.refusal(codePoint);
                    if (refusal != null) {
                        return Parsed.syntax(refusal + " in domain");
                    }
                    i += Character.charCount(codePoint);
                }
                // An A-label has at least one octet per code point of its U-label, so a label of more than
                // 63 code points can never fit; stopping here also keeps a huge input cheap.
                if (++codePoints > IdnaLabel.MAX_OCTETS) {
                    return Parsed.tooLong("domain label longer than " + IdnaLabel.MAX_OCTETS + " octets");
                }
            }
            if (i - start > MAX_OCTETS) {
                return tooLong();
            }
            if (i < end && s.charAt(i) != '.' && terminators.indexOf(s.charAt(i)) < 0) {
                return Parsed.syntax(Chars.unexpected(s, i, end, "domain"));
            }
            if (i == labelStart) {
                if (i < end && s.charAt(i) == '.') {
                    return Parsed.syntax("domain has two dots in a row");
                }
                return Parsed.syntax("domain ends with a dot");
            }
            Parsed<IdnaLabel> label = IdnaLabel.of(s.subSequence(labelStart, i).toString());
            if (label instanceof Parsed.Invalid<IdnaLabel> invalid) {
                return invalid.retype();
            }
            IdnaLabel converted = label.orElseThrow();
            ascii.append(converted.ascii());
            unicode.append(converted.unicode());
            lastAsciiLabel = converted.ascii();
            if (i < end && s.charAt(i) == '.') {
                ascii.append('.');
                unicode.append('.');
                i++;
                continue;
            }
            break;
        }
        if (isAllDigits(lastAsciiLabel)) {
            // RFC 1123 section 2.1 and RFC 3696 section 2: a top-level label is never all-numeric, so
            // "192.0.2.1" without brackets is refused instead of being mistaken for an address.
            return Parsed.syntax("top-level domain label is all-numeric");
        }
        if (Chars.utf8Length(s, start, i) > MAX_OCTETS || ascii.length() > MAX_OCTETS
                || Chars.utf8Length(unicode) > MAX_OCTETS) {
            // Checked in both forms as well as as written, so the domain can be rendered either way.
            return tooLong();
        }
        return Parsed.ok(new Domain(ascii.toString(), unicode.toString()), i);
    }

    private static boolean isLabelChar(CharSequence s, int i) {
        char c = s.charAt(i);
        return c >= 0x80 || Chars.isLdh(c);
    }

    private static boolean isAllDigits(String label) {
        for (int i = 0; i < label.length(); i++) {
            if (!Chars.isDigit(label.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static Parsed<Domain> tooLong() {
        return Parsed.tooLong("domain longer than " + MAX_OCTETS + " octets");
    }
}
