package dev.mta.smtpd.wire;

/**
 * What {@link DataDecoder} accepts in a message sent with DATA.
 *
 * @param maxMessageOctets      the size limit, counted on the content as stored (after dot-unstuffing); a larger
 *                              message is refused with {@code 552 5.3.4} (RFC 1870 section 6)
 * @param normalizeBareLineEnds false (the default): a bare CR or LF refuses the message with {@code 550 5.6.0}
 *                              (DESIGN.md invariant 8). True, for relay networks with old software: a bare LF
 *                              becomes CRLF and a lone CR a space, and the message is accepted
 * @param enforceLineLength     true (the default): a text line over 998 octets (RFC 5322 section 2.1.1) refuses
 *                              the message with {@code 550 5.6.0}; false accepts it
 * @param receivedLimit         this many {@code Received:} header fields or more refuse the message with
 *                              {@code 554 5.4.6} (RFC 5321 section 6.3: "at least 100")
 * @param chunkOctets           the largest content chunk emitted, in octets
 */
public record DataPolicy(
        long maxMessageOctets,
        boolean normalizeBareLineEnds,
        boolean enforceLineLength,
        int receivedLimit,
        int chunkOctets) {

    /** RFC 5322 section 2.1.1: "Each line of characters MUST be no more than 998 characters". */
    public static final int MAX_LINE_OCTETS = 998;

    /** DESIGN.md: 35 MiB, strict line ends, the 998-octet limit, 100 Received fields, 64 KiB chunks. */
    public static final DataPolicy DEFAULT = new DataPolicy(36_700_160L, false, true, 100, 64 * 1024);

    public DataPolicy {
        if (maxMessageOctets < 0) {
            throw new IllegalArgumentException("maxMessageOctets must not be negative: " + maxMessageOctets);
        }
        if (receivedLimit < 1) {
            throw new IllegalArgumentException("receivedLimit must be positive: " + receivedLimit);
        }
        if (chunkOctets < 1) {
            throw new IllegalArgumentException("chunkOctets must be positive: " + chunkOctets);
        }
    }

    public DataPolicy withMaxMessageOctets(long octets) {
        return new DataPolicy(octets, normalizeBareLineEnds, enforceLineLength, receivedLimit, chunkOctets);
    }

    public DataPolicy withNormalizeBareLineEnds(boolean normalize) {
        return new DataPolicy(maxMessageOctets, normalize, enforceLineLength, receivedLimit, chunkOctets);
    }

    public DataPolicy withEnforceLineLength(boolean enforce) {
        return new DataPolicy(maxMessageOctets, normalizeBareLineEnds, enforce, receivedLimit, chunkOctets);
    }

    public DataPolicy withReceivedLimit(int limit) {
        return new DataPolicy(maxMessageOctets, normalizeBareLineEnds, enforceLineLength, limit, chunkOctets);
    }

    public DataPolicy withChunkOctets(int octets) {
        return new DataPolicy(maxMessageOctets, normalizeBareLineEnds, enforceLineLength, receivedLimit, octets);
    }
}
