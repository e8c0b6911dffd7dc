package dev.mta.dkim;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One header field exactly as it arrived: the name, the colon, the value with its folding, and the final CRLF.
 * The bytes are kept as they are, 8-bit UTF-8 included (RFC 6532), because simple canonicalization signs them
 * unchanged (RFC 6376 section 3.4.1).
 */
public final class HeaderField {

    private final byte[] raw;
    private final String name;

    /** @param raw the field's bytes, normally ending in CRLF; copied */
    public HeaderField(byte[] raw) {
        this.raw = raw.clone();
        this.name = nameOf(this.raw);
    }

    /** A field from text, for tests and for fields we generate; {@code text} must end in CRLF. */
    public static HeaderField of(String text) {
        return new HeaderField(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The field name as written, without trailing whitespace; the whole line if it has no colon. */
    public String name() {
        return name;
    }

    /** Whether this field's name equals {@code other}, ignoring ASCII case (RFC 5322 section 1.2.2). */
    public boolean hasName(String other) {
        return name.equalsIgnoreCase(other);
    }

    /** A copy of the raw bytes. */
    public byte[] raw() {
        return raw.clone();
    }

    /** How many bytes the field has. */
    public int length() {
        return raw.length;
    }

    /** The value after the colon, unfolded, decoded as UTF-8 and trimmed; for reading From, not for hashing. */
    public String unfoldedValue() {
        int colon = indexOf(raw, (byte) ':');
        int from = colon < 0 ? raw.length : colon + 1;
        String value = new String(raw, from, raw.length - from, StandardCharsets.UTF_8);
        return value.replace("\r\n", "").strip();
    }

    byte[] rawUnsafe() {
        return raw;
    }

    private static String nameOf(byte[] raw) {
        int colon = indexOf(raw, (byte) ':');
        int end = colon < 0 ? raw.length : colon;
        while (end > 0 && (raw[end - 1] == ' ' || raw[end - 1] == '\t' || raw[end - 1] == '\r' || raw[end - 1] == '\n')) {
            end--;
        }
        return new String(raw, 0, end, StandardCharsets.ISO_8859_1);
    }

    static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeaderField other && Arrays.equals(raw, other.raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return "HeaderField[" + name.toLowerCase(Locale.ROOT) + ", " + raw.length + " bytes]";
    }
}
