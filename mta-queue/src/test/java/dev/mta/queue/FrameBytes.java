package dev.mta.queue;

import dev.mta.core.sink.QueueId;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/** Frames built byte for byte as the log writes them, for planting into segments or message content. */
final class FrameBytes {

    private FrameBytes() {
    }

    /** The key of the spool in {@code dir} (which must exist already). */
    static SpoolKey keyOf(Path dir) throws IOException {
        return SpoolKey.loadOrCreate(dir, Storage.system(), true);
    }

    /** A frame tagged with {@code key} as if written at {@code offset} of segment {@code segment}. */
    static byte[] frame(SpoolKey key, long segment, long offset, Frame.Kind kind, QueueId id, byte[] record,
                        byte[] header, byte[] content) {
        byte[] prefix = Frame.prefix(kind, id, record.length, header.length, content.length);
        String tag = new FrameMac(key).begin(segment, offset, prefix).update(record).update(header).update(content)
                .finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        out.writeBytes(Frame.tagField(tag));
        out.writeBytes(record);
        out.writeBytes(header);
        out.writeBytes(content);
        out.write('\n');
        return out.toByteArray();
    }
}
