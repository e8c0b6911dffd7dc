package dev.mta.queue;

import dev.mta.queue.record.CorruptRecordException;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecordCodec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads the latest record of an index entry from its segment: shared by the store and the offline reader. */
final class StoredRecords {

    private StoredRecords() {
    }

    /** Decodes the record {@code entry} points to in {@code segment}, which the caller opened and closes. */
    static QueueRecord read(FileChannel segment, IndexEntry entry) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(entry.recordLength());
        long at = entry.recordOffset();
        while (buf.hasRemaining()) {
            if (segment.read(buf, at + buf.position()) < 0) {
                throw new IOException(entry.id() + ": segment shorter than its index says");
            }
        }
        try {
            return RecordCodec.decode(buf.array());
        } catch (CorruptRecordException bad) {
            throw new IOException(entry.id() + ": " + bad.reason(), bad);
        }
    }
}
