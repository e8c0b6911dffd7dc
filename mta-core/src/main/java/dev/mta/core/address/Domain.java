package dev.mta.core.address;

import java.util.Objects;

/**
 * A domain name. Two domains are equal when their A-label forms are equal, so {@code bücher.example} and
 * {@code xn--bcher-kva.example} name the same domain, and case never matters (RFC 5321 section 2.4).
 *
 * @param ascii   lower-case A-label form without a trailing dot, at most 255 octets
 * @param unicode lower-case U-label form (equal to {@code ascii} for an all-ASCII name)
 */
public record Domain(String ascii, String unicode) implements MailHost {

    public Domain {
        Objects.requireNonNull(ascii, "ascii");
        Objects.requireNonNull(unicode, "unicode");
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
