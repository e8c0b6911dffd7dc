package dev.mta.dkim;

import io.netty.buffer.ByteBuf;

import java.security.MessageDigest;

/**
 * Canonicalizes a body as it streams (RFC 6376 sections 3.4.3 and 3.4.4) and feeds the result to a
 * {@link MessageDigest}. Memory is bounded whatever the body size: a small output buffer, a count of the CRLFs
 * held back (empty lines at the end of the body are removed, but we only know they are at the end when the
 * body ends), and a flag for a held-back run of whitespace.
 *
 * <p>A CR not followed by LF and an LF not preceded by CR are ordinary bytes here; only CRLF ends a line.
 * A last line without CRLF is canonicalized as if it had one (relaxed: its trailing whitespace goes too), because
 * that is the form every receiver sees: SMTP transport ends the content with CRLF before the final dot. (dkimpy,
 * run on the raw bytes, keeps one SP there; on the transmitted form all agree.) Not thread-safe: one caller feeds
 * it in order.
 */
public final class BodyCanonicalizer {

    private static final int BUFFER = 8192;

    private final boolean relaxed;
    private final MessageDigest digest;
    private final byte[] out = new byte[BUFFER];
    private final byte[] in = new byte[BUFFER];
    private int outLength;

    /** Canonical bytes still allowed into the digest ({@code l=}), or -1 for no limit. */
    private long remaining;
    private long canonicalLength;

    private long heldCrlfs;
    private boolean heldWsp;
    private boolean heldCr;
    private boolean anyContent;
    private boolean finished;

    BodyCanonicalizer(Canonicalization canonicalization, MessageDigest digest, long limit) {
        this.relaxed = canonicalization == Canonicalization.RELAXED;
        this.digest = digest;
        this.remaining = limit;
    }

    /** Like {@link Canonicalization#body}, hashing at most {@code limit} canonical bytes ({@code l=}). */
    static BodyCanonicalizer limited(Canonicalization canonicalization, MessageDigest digest, long limit) {
        return new BodyCanonicalizer(canonicalization, digest, limit);
    }

    /** Feeds the readable bytes of {@code data} without changing its reader index. */
    public void update(ByteBuf data) {
        int index = data.readerIndex();
        int end = data.writerIndex();
        while (index < end) {
            int n = Math.min(in.length, end - index);
            data.getBytes(index, in, 0, n);
            update(in, 0, n);
            index += n;
        }
    }

    /** Feeds {@code length} bytes of {@code bytes} from {@code offset}. */
    public void update(byte[] bytes, int offset, int length) {
        if (finished) {
            throw new IllegalStateException("body already finished");
        }
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (heldCr) {
                heldCr = false;
                if (b == '\n') {
                    lineEnd();
                    continue;
                }
                content((byte) '\r');
            }
            if (b == '\r') {
                heldCr = true;
            } else if (relaxed && (b == ' ' || b == '\t')) {
                heldWsp = true;
            } else {
                content(b);
            }
        }
    }

    /**
     * Ends the body and returns the digest. Simple: an empty body becomes one CRLF, and a last line without CRLF
     * gets one. Relaxed: an empty body stays empty, and a non-empty one ends in exactly one CRLF.
     */
    public byte[] finish() {
        if (finished) {
            throw new IllegalStateException("body already finished");
        }
        if (heldCr) {
            heldCr = false;
            content((byte) '\r');
        }
        heldWsp = false; // whitespace at the end of the last line goes (3.4.4)
        if (anyContent || !relaxed) {
            emit((byte) '\r');
            emit((byte) '\n');
        }
        flush();
        finished = true;
        return digest.digest();
    }

    /** How many canonical bytes the body had (counting those beyond an {@code l=} limit); valid after finish. */
    public long canonicalLength() {
        return canonicalLength;
    }

    private void lineEnd() {
        // Trailing whitespace on a line is dropped in relaxed mode; the CRLF is held back until we know whether
        // more content follows (empty lines at the end of the body are removed in both modes).
        heldWsp = false;
        heldCrlfs++;
    }

    private void content(byte b) {
        for (; heldCrlfs > 0; heldCrlfs--) {
            emit((byte) '\r');
            emit((byte) '\n');
        }
        if (heldWsp) {
            heldWsp = false;
            emit((byte) ' ');
        }
        emit(b);
        anyContent = true;
    }

    private void emit(byte b) {
        canonicalLength++;
        if (remaining == 0) {
            return;
        }
        if (remaining > 0) {
            remaining--;
        }
        out[outLength++] = b;
        if (outLength == out.length) {
            flush();
        }
    }

    private void flush() {
        if (outLength > 0) {
            digest.update(out, 0, outLength);
            outLength = 0;
        }
    }
}
