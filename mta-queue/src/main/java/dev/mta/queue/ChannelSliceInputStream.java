package dev.mta.queue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Reads a range of a file through positional reads; closing it closes the channel. */
final class ChannelSliceInputStream extends InputStream {

    private final FileChannel channel;
    private long position;
    private final long end;

    ChannelSliceInputStream(FileChannel channel, long from, long length) {
        this.channel = channel;
        this.position = from;
        this.end = from + length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int want = (int) Math.min(len, end - position);
        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
            throw new IOException("segment shorter than its index says");
        }
        position += n;
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
