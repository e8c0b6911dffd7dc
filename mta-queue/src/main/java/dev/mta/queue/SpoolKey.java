package dev.mta.queue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

/**
 * The spool's secret: 32 random bytes in {@code spool.key}, created once with the spool and never changed.
 * Every frame's tag is an HMAC under this key (see {@link FrameMac}), so bytes that a sender puts into a
 * message can never pass for a frame: the sender does not know the key (ADR 0002).
 *
 * <p>A missing or malformed key with frames already in {@code log/} stops the queue from opening instead of
 * making a new key: every existing frame would then fail its check, and the recovery scan would take whole
 * segments for torn tails and drop acknowledged mail.
 */
final class SpoolKey {

    static final String FILE = "spool.key";
    static final int LENGTH = 32;

    private final byte[] bytes;

    SpoolKey(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a spool key has " + LENGTH + " bytes, not " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    byte[] bytes() {
        return bytes.clone();
    }

    /** A fresh random key (not stored). */
    static SpoolKey random(SecureRandom random) {
        byte[] b = new byte[LENGTH];
        random.nextBytes(b);
        return new SpoolKey(b);
    }

    /**
     * Reads {@code root/spool.key}; when it does not exist and no segment holds a byte yet, creates it
     * durably first (written, synced, renamed into place, directory synced).
     */
    static SpoolKey loadOrCreate(Path root, Storage storage, boolean logHasFrames) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (logHasFrames) {
                throw new IOException(file + " is missing but log/ holds frames: without the key no frame can be"
                        + " verified; restore the key from a backup of this spool");
            }
            return create(root, file, storage);
        }
        return read(file, storage);
    }

    /** Reads {@code root/spool.key} without creating or changing anything; empty when there is none. */
    static java.util.Optional<SpoolKey> readIfPresent(Path root, Storage storage) throws IOException {
        Path file = root.resolve(FILE);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(read(file, storage));
    }

    private static SpoolKey read(Path file, Storage storage) throws IOException {
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile() || attrs.size() != LENGTH) {
            throw new IOException(file + " is not a regular file of " + LENGTH + " bytes");
        }
        ByteBuffer buf = ByteBuffer.allocate(LENGTH);
        try (FileChannel ch = storage.open(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) {
                    throw new IOException(file + " is shorter than " + LENGTH + " bytes");
                }
            }
        }
        return new SpoolKey(buf.array());
    }

    private static SpoolKey create(Path root, Path file, Storage storage) throws IOException {
        SpoolKey key = random(new SecureRandom());
        Path temp = root.resolve(FILE + ".new");
        // A leftover from a crash during an earlier creation: it was never renamed into place, so never used.
        Files.deleteIfExists(temp);
        try (FileChannel ch = storage.open(temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS))) {
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // The spool directory's own permissions are then the only protection.
            }
            ByteBuffer buf = ByteBuffer.wrap(key.bytes);
            while (buf.hasRemaining()) {
                ch.write(buf, buf.position());
            }
            ch.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        storage.syncDirectory(root);
        return key;
    }
}
