package dev.mta.dkim;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Locale;

/**
 * The two canonicalization algorithms of RFC 6376 section 3.4, for header fields and for the body.
 *
 * <p>Header fields are canonicalized whole (they are bounded in size by {@link MessageSplitter}); the body is
 * canonicalized as it streams, through a {@link BodyCanonicalizer} that feeds a {@link MessageDigest}.
 */
public enum Canonicalization {

    /** RFC 6376 section 3.4.1 and 3.4.3: almost no change. */
    SIMPLE("simple"),
    /** RFC 6376 section 3.4.2 and 3.4.4: tolerant of whitespace changes and header case. */
    RELAXED("relaxed");

    private final String tag;

    Canonicalization(String tag) {
        this.tag = tag;
    }

    /** The name used in the {@code c=} tag. */
    public String tag() {
        return tag;
    }

    /** Parses a {@code c=} name, ignoring case. */
    public static Canonicalization fromTag(String name) throws DkimParseException {
        for (Canonicalization c : values()) {
            if (c.tag.equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new DkimParseException("unknown canonicalization: " + name);
    }

    /** A streaming body canonicalizer that feeds {@code digest}. */
    public BodyCanonicalizer body(MessageDigest digest) {
        return new BodyCanonicalizer(this, digest, -1);
    }

    /**
     * Canonicalizes one header field. The result ends in CRLF for relaxed; for simple it is the field unchanged.
     */
    public byte[] header(HeaderField field) {
        byte[] raw = field.rawUnsafe();
        if (this == SIMPLE) {
            return raw.clone();
        }
        return relaxedHeader(raw);
    }

    /*
     * RFC 6376 section 3.4.2: lower-case the name; unfold; reduce each run of WSP to one SP; delete WSP at the end
     * of the value and around the colon; end with CRLF.
     */
    private static byte[] relaxedHeader(byte[] raw) {
        int colon = HeaderField.indexOf(raw, (byte) ':');
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        int nameEnd = colon < 0 ? raw.length : colon;
        String name = new String(raw, 0, nameEnd, java.nio.charset.StandardCharsets.ISO_8859_1);
        // The name has no whitespace of its own; anything between it and the colon is dropped (3.4.2).
        byte[] lower = name.strip().toLowerCase(Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        out.write(lower, 0, lower.length);
        if (colon >= 0) {
            out.write(':');
            boolean pendingSpace = false;
            boolean started = false;
            for (int i = colon + 1; i < raw.length; i++) {
                byte b = raw[i];
                if (b == '\r' && i + 1 < raw.length && raw[i + 1] == '\n') {
                    i++; // unfold: a CRLF inside a field is folding; the last one is the end of the field
                    continue;
                }
                if (b == ' ' || b == '\t') {
                    pendingSpace = started;
                    continue;
                }
                if (pendingSpace) {
                    out.write(' ');
                    pendingSpace = false;
                }
                out.write(b);
                started = true;
            }
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }
}
