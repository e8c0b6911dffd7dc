package dev.mta.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link Storage} whose channels can fail the next write or sync on command, and which can simulate a power
 * loss: every byte appended after a file's last sync is dropped, and every file created since its
 * directory's last sync disappears. Models only what the queue does (appends, creates), not arbitrary
 * overwrites; a deletion is either done or, with {@link #crashOnDelete}, the moment the machine stops.
 */
final class FaultyStorage implements Storage {

    final AtomicInteger failWrites = new AtomicInteger();
    final AtomicInteger failSyncs = new AtomicInteger();
    /** Like {@link #failSyncs}, but counts only syncs of regular files, not of directories. */
    final AtomicInteger failDataSyncs = new AtomicInteger();
    /** When set, the next deletion does not happen: the machine stops instead ({@link #crash()}). */
    volatile boolean crashOnDelete;
    private volatile boolean dead;
    private final Map<Path, Long> syncedSize = new HashMap<>();
    private final Set<Path> createdUnsynced = new HashSet<>();

    @Override
    public synchronized FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
        checkAlive();
        Path p = path.toAbsolutePath().normalize();
        boolean existed = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        FileChannel real = FileChannel.open(path, options);
        if (!existed && (options.contains(StandardOpenOption.CREATE_NEW) || options.contains(StandardOpenOption.CREATE))) {
            createdUnsynced.add(p);
        }
        if (!Files.isDirectory(p)) {
            syncedSize.putIfAbsent(p, existed ? real.size() : 0L);
        }
        return new Channel(p, real);
    }

    @Override
    public void delete(Path file) throws IOException {
        checkAlive();
        if (crashOnDelete) {
            crash();
            throw new IOException("power lost before deleting " + file.getFileName());
        }
        Storage.super.delete(file);
    }

    /** From now on every operation fails, as if the machine had stopped. */
    void crash() {
        dead = true;
    }

    /** Applies what a power loss would have kept to the files on disk. Call after {@link #crash()}. */
    synchronized void losePower() throws IOException {
        for (Path created : createdUnsynced) {
            Files.deleteIfExists(created);
        }
        for (Map.Entry<Path, Long> e : syncedSize.entrySet()) {
            Path p = e.getKey();
            if (!createdUnsynced.contains(p) && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                    && Files.size(p) > e.getValue()) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(e.getValue());
                }
            }
        }
    }

    private void checkAlive() throws IOException {
        if (dead) {
            throw new IOException("power lost");
        }
    }

    private synchronized void synced(Path p, FileChannel real, boolean isDirectory) throws IOException {
        if (isDirectory) {
            createdUnsynced.removeIf(c -> p.equals(c.getParent()));
        } else {
            syncedSize.put(p, real.size());
        }
    }

    private final class Channel extends FileChannel {
        private final Path path;
        private final FileChannel real;

        Channel(Path path, FileChannel real) {
            this.path = path;
            this.real = real;
        }

        private void beforeWrite() throws IOException {
            checkAlive();
            if (failWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("injected write failure (ENOSPC) on " + path.getFileName());
            }
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            checkAlive();
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            checkAlive();
            return real.read(dsts, offset, length);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            beforeWrite();
            return real.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            beforeWrite();
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            checkAlive();
            return real.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            beforeWrite();
            real.truncate(size);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            checkAlive();
            if (failSyncs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("injected sync failure (EIO) on " + path.getFileName());
            }
            if (!Files.isDirectory(path) && failDataSyncs.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IOException("injected data sync failure (EIO) on " + path.getFileName());
            }
            real.force(metaData);
            synced(path, real, Files.isDirectory(path));
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            checkAlive();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
            int n = real.read(buf, position);
            if (n <= 0) {
                return 0;
            }
            buf.flip();
            return target.write(buf);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            beforeWrite();
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            checkAlive();
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            beforeWrite();
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new UnsupportedOperationException("the queue does not map files");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }
}
