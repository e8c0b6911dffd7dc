package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.QueueIdGenerator;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The line that starts every frame in a log segment (ADR 0002):
 * {@code mta2 <kind> <queue id> <record length> <header length> <content length> <tag>\n}, followed by the
 * payload (record, stored header, content) and one {@code \n}. The tag ({@link FrameMac}) is a keyed MAC over
 * the frame's position, the line up to the tag and the whole payload, so a torn or flipped frame is always
 * detected, and bytes that a sender wrote into a message can never be taken for a frame.
 *
 * <p>Version 1 frames ({@code mta1}, an unkeyed CRC32C) are not read: a sender could forge them.
 *
 * @param kind          message, state or remove
 * @param id            the message the frame is about
 * @param recordLength  bytes of the envelope/state record
 * @param headerLength  bytes of the header stored ahead of the content (message frames only)
 * @param contentLength bytes of content (message frames only)
 * @param tag           the frame's MAC, as hex
 */
record Frame(Kind kind, QueueId id, int recordLength, int headerLength, long contentLength, String tag) {

    static final String MAGIC = "mta2 ";
    /** Longer than any valid frame line: 5 + 2 + 15 + 3 numbers of at most 15 digits + 32 hex + spaces. */
    static final int MAX_LINE = 128;
    static final int MAX_RECORD = 16 * 1024 * 1024;
    static final int MAX_HEADER = 1024 * 1024;

    enum Kind {
        MESSAGE('M'), STATE('S'), REMOVE('R');

        final char letter;

        Kind(char letter) {
            this.letter = letter;
        }
    }

    /** The line up to and including the space before the tag: the part the tag covers. */
    static byte[] prefix(Kind kind, QueueId id, int recordLength, int headerLength, long contentLength) {
        return (MAGIC + kind.letter + " " + id.value() + " " + recordLength + " " + headerLength + " "
                + contentLength + " ").getBytes(StandardCharsets.US_ASCII);
    }

    /** The tag and the newline that end the frame line. */
    static byte[] tagField(String tag) {
        return (tag + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Bytes of the line after the prefix: the tag and its newline. */
    static int tagFieldLength() {
        return FrameMac.TAG_HEX + 1;
    }

    long payloadLength() {
        return recordLength + headerLength + contentLength;
    }

    /**
     * Parses a frame line (without its {@code \n}); empty when it is not exactly one valid line. The tag is
     * verified later, against the position and the payload.
     */
    static Optional<Frame> parse(String line) {
        String[] f = line.split(" ", -1);
        if (f.length != 7 || !f[0].equals("mta2") || f[1].length() != 1 || !QueueIdGenerator.isWellFormed(f[2])
                || !f[6].matches("[0-9a-f]{" + FrameMac.TAG_HEX + "}")) {
            return Optional.empty();
        }
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.letter == f[1].charAt(0)) {
                kind = k;
            }
        }
        long r = number(f[3]);
        long h = number(f[4]);
        long c = number(f[5]);
        if (kind == null || r < 0 || h < 0 || c < 0 || r > MAX_RECORD || h > MAX_HEADER) {
            return Optional.empty();
        }
        boolean shapeOk = switch (kind) {
            case MESSAGE -> r > 0;
            case STATE -> r > 0 && h == 0 && c == 0;
            case REMOVE -> r == 0 && h == 0 && c == 0;
        };
        if (!shapeOk) {
            return Optional.empty();
        }
        return Optional.of(new Frame(kind, new QueueId(f[2]), (int) r, (int) h, c, f[6]));
    }

    private static long number(String text) {
        if (text.isEmpty() || text.length() > 15 || (text.length() > 1 && text.charAt(0) == '0')) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
