package dev.mta.smtpd.session;

import io.netty.buffer.ByteBuf;

/**
 * Watches the header section of a message as it streams by, to learn whether it has a {@code Message-ID} and a
 * {@code Date} field: locally originated mail that lacks them gets them added (RFC 6409 section 8.2, 8.3). It
 * also keeps the From fields' values, unfolded, for the sender policy of an authenticated user; at most
 * {@link #MAX_FROM_OCTETS}, beyond which it only remembers that there was more (invariant 3: memory per
 * session is bounded by a buffer, not by what the client sends). Reads the octets without consuming them.
 */
final class HeaderPresence {

    private static final byte[] MESSAGE_ID = "message-id".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DATE = "date".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] FROM = "from".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** From values longer than this in one message are not checked but refused; real ones are far shorter. */
    static final int MAX_FROM_OCTETS = 4096;

    private boolean inHeaders = true;
    private boolean atLineStart = true;
    private boolean lineEmpty = true;
    /** Octets of the field name matched so far on this line, or -1 once it cannot be either name. */
    private int matchedMessageId;
    private int matchedDate;
    private int matchedFrom;
    private boolean messageId;
    private boolean date;
    /** Inside a From field's value (its first line or a continuation line). */
    private boolean inFrom;
    /** The previous line belonged to a From field, so a continuation line continues it. */
    private boolean fromContinues;
    private byte[] from;
    private int fromLength;
    private boolean fromOverflow;

    void scan(ByteBuf chunk) {
        for (int i = chunk.readerIndex(); i < chunk.writerIndex() && inHeaders; i++) {
            octet(chunk.getByte(i));
        }
    }

    private void octet(byte b) {
        if (b == '\n') {
            if (lineEmpty) {
                // RFC 5322 section 2.1: the first empty line ends the header section.
                inHeaders = false;
            }
            atLineStart = true;
            lineEmpty = true;
            matchedMessageId = 0;
            matchedDate = 0;
            matchedFrom = 0;
            fromContinues = inFrom;
            inFrom = false;
            return;
        }
        if (b == '\r') {
            return;
        }
        lineEmpty = false;
        if (atLineStart && (b == ' ' || b == '\t')) {
            // A continuation line (RFC 5322 section 2.2.3) names no field, and continues the one before.
            matchedMessageId = -1;
            matchedDate = -1;
            matchedFrom = -1;
            inFrom = fromContinues;
        }
        atLineStart = false;
        fromContinues = false;
        if (inFrom) {
            // Unfolding (section 2.2.3) removes the CRLF; the continuation's leading space stays.
            appendFrom(b);
            return;
        }
        matchedMessageId = match(MESSAGE_ID, matchedMessageId, b);
        matchedDate = match(DATE, matchedDate, b);
        matchedFrom = match(FROM, matchedFrom, b);
        if (matchedFrom == FROM.length + 1) {
            matchedFrom = -1;
            inFrom = true;
            if (fromLength > 0) {
                appendFrom((byte) ','); // a second From field: its addresses are checked too
            }
        }
        if (matchedMessageId == MESSAGE_ID.length + 1) {
            messageId = true;
        }
        if (matchedDate == DATE.length + 1) {
            date = true;
        }
    }

    /** Advances a case-insensitive match of {@code name} followed by a colon; name.length + 1 means matched. */
    private static int match(byte[] name, int matched, byte b) {
        if (matched < 0 || matched > name.length) {
            return matched < 0 ? -1 : matched;
        }
        if (matched == name.length) {
            return b == ':' ? matched + 1 : -1;
        }
        return (b | 0x20) == name[matched] ? matched + 1 : -1;
    }

    private void appendFrom(byte b) {
        if (from == null) {
            from = new byte[256];
        }
        if (fromLength == MAX_FROM_OCTETS) {
            fromOverflow = true;
            return;
        }
        if (fromLength == from.length) {
            from = java.util.Arrays.copyOf(from, Math.min(MAX_FROM_OCTETS, from.length * 2));
        }
        from[fromLength++] = b;
    }

    /**
     * The From fields' values, unfolded and joined by commas (empty when there is none), or empty if they were
     * longer than {@link #MAX_FROM_OCTETS}.
     */
    java.util.Optional<String> fromValues() {
        if (fromOverflow) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(fromLength == 0 ? ""
                : new String(from, 0, fromLength, java.nio.charset.StandardCharsets.UTF_8));
    }

    boolean hasMessageId() {
        return messageId;
    }

    boolean hasDate() {
        return date;
    }
}
