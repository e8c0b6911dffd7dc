package dev.mta.core.address;

import java.util.Locale;
import java.util.Objects;

/**
 * A domain name. Two domains are equal when their A-label forms are equal, so {@code bücher.example} and
 * {@code xn--bcher-kva.example} name the same domain, and case never matters (RFC 5321 section 2.4).
 * Parse one with {@link AddressParser#domain(CharSequence, Utf8Mode)}; the constructor only guards what
 * would be unsafe on the wire.
 *
 * @param ascii   lower-case A-label form without a trailing dot, at most 255 octets (lower-cased here if
 *                it is not)
 * @param unicode lower-case U-label form (equal to {@code ascii} for an all-ASCII name)
 */
public record Domain(String ascii, String unicode) implements MailHost {

    public Domain {
        Objects.requireNonNull(ascii, "ascii");
        Objects.requireNonNull(unicode, "unicode");
        if (ascii.isEmpty() || unicode.isEmpty()) {
            throw new IllegalArgumentException("empty domain");
        }
        for (int i = 0; i < ascii.length(); i++) {
            char c = ascii.charAt(i);
            if (c <= ' ' || c >= 127) {
                throw new IllegalArgumentException("A-label form has a character other than printable ASCII: "
                        + Chars.describe(c));
            }
        }
        for (int i = 0; i < unicode.length(); i++) {
            char c = unicode.charAt(i);
            if (c <= ' ' || Chars.isForbidden(c)) {
                throw new IllegalArgumentException("U-label form has a space or control character: "
                        + Chars.describe(c));
            }
        }
        // Equality is by this field, so it must be in one case.
        ascii = ascii.toLowerCase(Locale.ROOT);
    }

    /** Whether the name has U-labels, i.e. its two forms differ. */
    public boolean isInternationalized() {
        return !ascii.equals(unicode);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Domain other && ascii.equals(other.ascii);
    }

    @Override
    public int hashCode() {
        return ascii.hashCode();
    }

    @Override
    public String toString() {
        return unicode;
    }
}
