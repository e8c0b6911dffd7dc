package dev.mta.dkim;

import io.netty.buffer.ByteBuf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Splits a message arriving in chunks of any size into its header fields and its body (RFC 5322 section 2.1:
 * the header ends at the first empty line). Header fields are collected whole, folding included, up to a limit;
 * the body is passed on as slices of the chunks, never copied or kept.
 *
 * <p>When the header grows past the limit, the splitter reports it once and ignores the rest of the message:
 * such a message is not signed (or not verified), but it is never held up. Not thread-safe.
 */
public final class MessageSplitter {

    /** What the splitter finds, in order: at most one of {@code headers} or {@code headersTooLarge}, then body. */
    public interface Listener {

        /** All header fields, top to bottom, once the empty line that ends them (or the end of data) is seen. */
        void headers(List<HeaderField> fields);

        /** Body bytes: a slice valid only during the call; the listener neither keeps nor releases it. */
        void body(ByteBuf chunk);

        /** The header exceeded {@code limit} bytes; nothing more will be reported. */
        void headersTooLarge(int limit);
    }

    private enum State { HEADERS, BODY, GAVE_UP }

    private final int maxHeaderBytes;
    private final Listener listener;
    private final List<HeaderField> fields = new ArrayList<>();

    private State state = State.HEADERS;
    private byte[] field = new byte[256];
    private int fieldLength;
    private int headerBytes;
    private boolean lineStart = true;
    private boolean crAtLineStart;

    public MessageSplitter(int maxHeaderBytes, Listener listener) {
        if (maxHeaderBytes < 1) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive");
        }
        this.maxHeaderBytes = maxHeaderBytes;
        this.listener = listener;
    }

    /** Feeds the readable bytes of {@code data}; its reader index is left unchanged. */
    public void update(ByteBuf data) {
        int i = data.readerIndex();
        int end = data.writerIndex();
        while (state == State.HEADERS && i < end) {
            byte b = data.getByte(i++);
            if (++headerBytes > maxHeaderBytes) {
                giveUp();
                return;
            }
            headerByte(b);
        }
        if (state == State.BODY && i < end) {
            listener.body(data.slice(i, end - i));
        }
    }

    /** Ends the message: a message without an empty line is all header and an empty body. */
    public void finish() {
        if (state == State.HEADERS) {
            if (crAtLineStart) {
                append((byte) '\r');
            }
            closeField();
            state = State.BODY;
            listener.headers(List.copyOf(fields));
            fields.clear();
        }
    }

    private void headerByte(byte b) {
        if (crAtLineStart) {
            crAtLineStart = false;
            if (b == '\n') {
                closeField();
                state = State.BODY;
                listener.headers(List.copyOf(fields));
                fields.clear();
                field = null;
                return;
            }
            // A CR that does not start an empty line begins a (malformed) field of its own.
            closeField();
            append((byte) '\r');
            lineStart = false;
        }
        if (lineStart) {
            lineStart = false;
            if (b == '\r') {
                crAtLineStart = true;
                return;
            }
            if (!(b == ' ' || b == '\t') || fieldLength == 0) {
                closeField(); // a line that does not start with WSP starts a new field (RFC 5322 2.2.3)
            }
        }
        append(b);
        if (b == '\n' && fieldLength >= 2 && field[fieldLength - 2] == '\r') {
            lineStart = true;
        }
    }

    private void append(byte b) {
        if (fieldLength == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLength++] = b;
    }

    private void closeField() {
        if (fieldLength > 0) {
            fields.add(new HeaderField(Arrays.copyOf(field, fieldLength)));
            fieldLength = 0;
        }
    }

    private void giveUp() {
        state = State.GAVE_UP;
        fields.clear();
        field = null;
        listener.headersTooLarge(maxHeaderBytes);
    }
}
