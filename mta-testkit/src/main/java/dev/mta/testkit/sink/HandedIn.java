package dev.mta.testkit.sink;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The buffers a contract test hands to a writer, made in every shape a Netty pipeline produces (heap, direct,
 * pooled with an array offset, composite, read-only slice, readable bytes in the middle of the buffer), and
 * remembered so the test can check that the writer released each one. Thread-safe.
 */
final class HandedIn {

    private static final byte[] JUNK = {'J', 'U', 'N', 'K', '\r', '\n', '.'};

    private final List<ByteBuf> buffers = new ArrayList<>();
    private final List<String> kinds = new ArrayList<>();

    /** A buffer whose readable bytes are {@code data}; the shape rotates with every call. */
    synchronized ByteBuf buffer(byte[] data) {
        int kind = buffers.size() % 7;
        ByteBuf buf = switch (kind) {
            case 0 -> Unpooled.wrappedBuffer(data.clone());
            case 1 -> Unpooled.directBuffer(data.length).writeBytes(data);
            case 2 -> PooledByteBufAllocator.DEFAULT.heapBuffer(data.length).writeBytes(data);
            case 3 -> PooledByteBufAllocator.DEFAULT.directBuffer(data.length).writeBytes(data);
            case 4 -> composite(data);
            case 5 -> surroundedByJunk(data);
            default -> readOnlySlice(data);
        };
        buffers.add(buf);
        kinds.add(buf.getClass().getSimpleName() + " #" + kind);
        return buf;
    }

    private static ByteBuf composite(byte[] data) {
        int half = data.length / 2;
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.wrappedBuffer(data, 0, half));
        composite.addComponent(true, Unpooled.directBuffer(data.length - half).writeBytes(data, half,
                data.length - half));
        return composite;
    }

    /** Readable bytes that start after junk and end before junk: only reader to writer index is content. */
    private static ByteBuf surroundedByJunk(byte[] data) {
        ByteBuf buf = Unpooled.buffer(data.length + 2 * JUNK.length);
        buf.writeBytes(JUNK).writeBytes(data).writeBytes(JUNK);
        buf.readerIndex(JUNK.length);
        buf.writerIndex(JUNK.length + data.length);
        return buf;
    }

    private static ByteBuf readOnlySlice(byte[] data) {
        ByteBuf whole = Unpooled.directBuffer(data.length + 2 * JUNK.length);
        whole.writeBytes(JUNK).writeBytes(data).writeBytes(JUNK);
        return whole.slice(JUNK.length, data.length).asReadOnly();
    }

    synchronized int count() {
        return buffers.size();
    }

    /** Fails unless every buffer handed in has been released, that is its reference count is 0. */
    synchronized void assertAllReleased() {
        List<String> unreleased = new ArrayList<>();
        for (int i = 0; i < buffers.size(); i++) {
            if (buffers.get(i).refCnt() != 0) {
                unreleased.add("buffer " + i + " (" + kinds.get(i) + ") refCnt=" + buffers.get(i).refCnt());
            }
        }
        if (!unreleased.isEmpty()) {
            fail("the writer must release every buffer handed to it: " + unreleased);
        }
    }
}
