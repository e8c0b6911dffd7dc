package dev.mta.core.config;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.Utf8Mode;

import java.net.IDN;
import java.util.Locale;

/**
 * Domain and host names as they appear in configuration: {@code example.com}, {@code bücher.example}, the host
 * name of this server. Checked for DNS syntax (RFC 1035 section 2.3.1 as relaxed by RFC 1123 section 2.1:
 * letters, digits and inner hyphens, labels of 1..63 octets), never resolved.
 *
 * <p>The checks here give an administrator specific messages; the value itself comes from the address parser
 * ({@link AddressParser#domain}), so internationalized names get exactly the A-label and U-label forms that
 * addresses get on the wire. {@code mta check-config} prints the A-label.
 */
public final class DomainNames {

    /** Longest name in text form: 255 octets on the wire less the first length octet and the root label. */
    private static final int MAX_LENGTH = 253;

    private DomainNames() {
    }

    /**
     * Parses a domain name, lower-cased, without a trailing dot.
     *
     * @throws InvalidValueException if it is not a valid name
     */
    public static Domain parse(String text) {
        if (text.isEmpty()) {
            throw new InvalidValueException("a domain name must not be empty");
        }
        if (text.endsWith(".")) {
            throw new InvalidValueException("write the domain name without a trailing dot");
        }
        String ascii = text;
        if (!isAscii(text)) {
            try {
                ascii = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw new InvalidValueException("not a valid internationalized domain name");
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.length() > MAX_LENGTH) {
            throw new InvalidValueException("a domain name is at most " + MAX_LENGTH + " characters");
        }
        String[] labels = ascii.split("\\.", -1);
        for (String label : labels) {
            checkLabel(label);
        }
        if (isDigits(labels[labels.length - 1])) {
            // RFC 3696 section 2: a top-level label is never all-numeric, so such a name is an IP address typo.
            throw new InvalidValueException("an IP address is not a domain name");
        }
        // The address parser decides the IDNA details (it refuses what IDNA2003 and IDNA2008 read differently), so
        // a domain named in the configuration and the same domain in an address always compare equal.
        Parsed<Domain> parsed = AddressParser.domain(text, Utf8Mode.UTF8_ALLOWED);
        if (parsed instanceof Parsed.Invalid<Domain> invalid) {
            throw new InvalidValueException(invalid.reason());
        }
        return parsed.orElseThrow();
    }

    /**
     * Checks one DNS label: 1..63 letters, digits or hyphens, not starting or ending with a hyphen.
     *
     * @throws InvalidValueException if it is not a valid label
     */
    public static void checkLabel(String label) {
        if (label.isEmpty()) {
            throw new InvalidValueException("empty label (two dots in a row, or a leading dot)");
        }
        if (label.length() > 63) {
            throw new InvalidValueException("label longer than 63 characters");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                throw new InvalidValueException("character '" + printable(c)
                        + "' not allowed in a domain name (letters, digits, hyphens and dots)");
            }
        }
        if (label.charAt(0) == '-' || label.charAt(label.length() - 1) == '-') {
            throw new InvalidValueException("a label must not start or end with a hyphen");
        }
    }

    private static String printable(char c) {
        return c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
