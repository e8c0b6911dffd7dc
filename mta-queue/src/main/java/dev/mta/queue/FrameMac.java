package dev.mta.queue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * The tag of one frame: HMAC-SHA256 under the {@link SpoolKey}, truncated to 128 bits, over the segment
 * number, the frame's offset in it, the frame line up to the tag, and the payload.
 *
 * <p>Why a keyed MAC and not a CRC seeded with the secret: a CRC is affine in its input, so anyone who
 * learns one tag (a segment copied into a bug report, a quarantined frame) could compute valid tags for other
 * contents of the same length without knowing the key. HMAC (RFC 2104) stays unforgeable with any number of
 * known tags; truncation to 128 bits is allowed by RFC 2104 section 5 and leaves 2^-128 per guess. Binding the
 * segment and offset means even a genuine frame, copied byte for byte into a message (a segment mailed as an
 * attachment), does not verify anywhere but where the queue wrote it.
 *
 * <p>Not thread-safe: each writer or reader holds its own instance.
 */
final class FrameMac {

    static final int TAG_BYTES = 16;
    static final int TAG_HEX = 2 * TAG_BYTES;
    private static final String ALGORITHM = "HmacSHA256";

    private final Mac mac;
    private final ByteBuffer position = ByteBuffer.allocate(16);

    FrameMac(SpoolKey key) {
        try {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key.bytes(), ALGORITHM));
        } catch (GeneralSecurityException e) {
            // Every Java SE platform must provide HmacSHA256 (Mac class javadoc).
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }

    /** Starts the tag of a frame at {@code offset} in segment {@code segment} whose line begins {@code prefix}. */
    FrameMac begin(long segment, long offset, byte[] prefix) {
        mac.reset();
        position.clear();
        position.putLong(segment).putLong(offset).flip();
        mac.update(position);
        mac.update(prefix);
        return this;
    }

    FrameMac update(byte[] bytes) {
        mac.update(bytes);
        return this;
    }

    FrameMac update(byte[] bytes, int offset, int length) {
        mac.update(bytes, offset, length);
        return this;
    }

    /** Feeds the remaining bytes of {@code buffer}, consuming them. */
    FrameMac update(ByteBuffer buffer) {
        mac.update(buffer);
        return this;
    }

    /** The tag as the frame line writes it: 32 lower-case hex digits. */
    String finish() {
        byte[] full = mac.doFinal();
        return HexFormat.of().formatHex(full, 0, TAG_BYTES);
    }

    /** Compares tags in constant time, so a probing writer learns nothing from timing. */
    static boolean sameTag(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
