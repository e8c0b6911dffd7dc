package dev.mta.smtpd.wire;

import dev.mta.core.sink.BodyType;
import io.netty.buffer.ByteBufAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One message sent with BDAT (RFC 3030), across all its chunks: the size counted over every chunk, and a CR
 * that ended one chunk waiting to see whether the next chunk starts with LF.
 *
 * <p>Content is length-delimited and never interpreted: no terminator, no dot-unstuffing, {@code ".\r\n"} is
 * data (SECURITY.md S-01c). For a message that is not {@code BODY=BINARYMIME}, a bare LF becomes CRLF and a
 * lone CR a space before the octets are emitted (DESIGN.md invariant 8), so nothing stored, signed or relayed
 * carries them; a CR at the end of one chunk and an LF at the start of the next are one CRLF. A BINARYMIME
 * message passes byte for byte. The size limit and the {@code Received:} limit of the {@link DataPolicy}
 * apply; the 998-octet line limit does not (BDAT may carry binary data, RFC 3030 section 3).
 *
 * <p>The session makes one per transaction, asks {@link #nextChunk} for the decoder of each BDAT command and
 * puts it in place of the {@link SmtpLineDecoder}; a {@code BDAT 0} needs no octets and is answered by
 * {@link #emptyChunk}. A new transaction, after RSET or an error, starts with a new instance, so nothing of a
 * failed transfer survives it (CVE-2020-28019).
 */
public final class BdatTransfer {

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private final boolean binary;
    private final StoredContent content;
    private boolean pendingCr;
    private boolean finished;

    public BdatTransfer(BodyType body, DataPolicy policy) {
        Objects.requireNonNull(body, "body");
        this.binary = body == BodyType.BINARY_MIME;
        this.content = new StoredContent(policy.withEnforceLineLength(false));
    }

    /**
     * The decoder for the next chunk of {@code octets} octets.
     *
     * @throws IllegalArgumentException when {@code octets} is not positive (use {@link #emptyChunk})
     * @throws IllegalStateException    after the last chunk
     */
    public BdatDecoder nextChunk(long octets, boolean last) {
        if (octets <= 0) {
            throw new IllegalArgumentException("a chunk decoder needs at least one octet: " + octets);
        }
        checkOpen(last);
        return new BdatDecoder(this, octets, last);
    }

    /**
     * {@code BDAT 0} or {@code BDAT 0 LAST}: the messages a decoder would emit for a chunk without octets,
     * a final content chunk (a held CR, as a space) if there is one, then the {@link ChunkEnd}.
     */
    public List<Object> emptyChunk(boolean last, ByteBufAllocator allocator) {
        checkOpen(last);
        List<Object> out = new ArrayList<>(2);
        content.begin(allocator, out);
        try {
            if (last) {
                finish();
            }
        } finally {
            content.flush();
        }
        out.add(chunkEnd(0, last));
        return out;
    }

    /** Whether the LAST chunk has been read. */
    public boolean finished() {
        return finished;
    }

    private void checkOpen(boolean last) {
        if (finished) {
            throw new IllegalStateException("the LAST chunk of this message has been read");
        }
        finished = last;
    }

    StoredContent content() {
        return content;
    }

    void octet(byte b) {
        if (pendingCr) {
            pendingCr = false;
            if (b == LF) {
                content.lineEnd();
                return;
            }
            content.octet(binary ? CR : (byte) ' ');
        }
        if (b == CR) {
            pendingCr = true;
        } else if (b == LF && !binary) {
            content.lineEnd();
        } else {
            content.octet(b);
        }
    }

    /** After the last octet of the LAST chunk: a CR held back is lone. */
    void finish() {
        if (pendingCr) {
            pendingCr = false;
            content.octet(binary ? CR : (byte) ' ');
        }
    }

    ChunkEnd chunkEnd(long octets, boolean last) {
        return new ChunkEnd(octets, last, content.rejection(), content.size());
    }
}
