package dev.mta.smtpd.session;

import io.netty.buffer.ByteBuf;

/**
 * Watches the header section of a message as it streams by, to learn whether it has a {@code Message-ID} and a
 * {@code Date} field: locally originated mail that lacks them gets them added (RFC 6409 section 8.2, 8.3). Reads
 * the octets without consuming them and keeps only a few bytes of state.
 */
final class HeaderPresence {

    private static final byte[] MESSAGE_ID = "message-id".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] DATE = "date".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private boolean inHeaders = true;
    private boolean atLineStart = true;
    private boolean lineEmpty = true;
    /** Octets of the field name matched so far on this line, or -1 once it cannot be either name. */
    private int matchedMessageId;
    private int matchedDate;
    private boolean messageId;
    private boolean date;

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
            return;
        }
        if (b == '\r') {
            return;
        }
        lineEmpty = false;
        if (atLineStart && (b == ' ' || b == '\t')) {
            // A continuation line (RFC 5322 section 2.2.3) names no field.
            matchedMessageId = -1;
            matchedDate = -1;
        }
        atLineStart = false;
        matchedMessageId = match(MESSAGE_ID, matchedMessageId, b);
        matchedDate = match(DATE, matchedDate, b);
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

    boolean hasMessageId() {
        return messageId;
    }

    boolean hasDate() {
        return date;
    }
}
