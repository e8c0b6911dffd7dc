package dev.mta.delivery.client;

import io.netty.buffer.ByteBuf;

/**
 * Turns stored content into what follows DATA (RFC 5321 section 4.5.2): every line ends in CRLF, a line that
 * starts with a dot gets one more, and the end is {@code CRLF "." CRLF}. Fed block by block, so a line end or a
 * dot split between two blocks is handled the same as in one.
 *
 * <p>Line ends: a bare LF becomes CRLF, and a CR not followed by LF becomes a space, the rule mta applies to
 * BDAT content on the way in (DESIGN.md invariants 8 and 10): nothing we relay carries a bare CR or LF, so no
 * lenient receiver can see a smuggled end of data (SECURITY.md S-02). Content accepted by our own server has
 * neither; this matters for content from elsewhere.
 */
final class DotStuffer {

    private boolean lineStart = true;
    private boolean pendingCr;

    /** Appends the stuffed form of {@code length} octets of {@code block} to {@code out}. */
    void encode(byte[] block, int offset, int length, ByteBuf out) {
        for (int i = offset; i < offset + length; i++) {
            byte b = block[i];
            if (pendingCr) {
                pendingCr = false;
                if (b == '\n') {
                    out.writeByte('\r').writeByte('\n');
                    lineStart = true;
                    continue;
                }
                out.writeByte(' ');
                lineStart = false;
            }
            if (b == '\r') {
                pendingCr = true;
            } else if (b == '\n') {
                out.writeByte('\r').writeByte('\n');
                lineStart = true;
            } else {
                if (lineStart && b == '.') {
                    out.writeByte('.');
                }
                out.writeByte(b);
                lineStart = false;
            }
        }
    }

    /** Appends the end of data: a CRLF if the content did not end with one, then {@code "." CRLF}. */
    void finish(ByteBuf out) {
        if (pendingCr) {
            // A CR as the very last octet is a lone CR too.
            pendingCr = false;
            lineStart = false;
            out.writeByte(' ');
        }
        if (!lineStart) {
            out.writeByte('\r').writeByte('\n');
        }
        out.writeByte('.').writeByte('\r').writeByte('\n');
        lineStart = true;
    }

    /** The most octets {@link #encode} writes for {@code length} octets in: each may double (LF to CRLF, dot). */
    static int maxEncodedLength(int length) {
        return 2 * length + 2;
    }
}
