package dev.mta.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * How the queue opens files: the one seam between the store and the file system, so tests can inject a
 * channel wrapper that fails a write or a sync on command, or forgets every write not yet synced (a power
 * loss). Production uses {@link #system()}.
 */
@FunctionalInterface
public interface Storage {

    /** Opens {@code path} like {@link FileChannel#open(Path, Set, java.nio.file.attribute.FileAttribute[])}. */
    FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException;

    /** The real file system. */
    static Storage system() {
        return FileChannel::open;
    }

    /**
     * Makes the entries of {@code directory} durable: files created, renamed or deleted in it (on ext4 a new
     * name is not durable until its directory is synced; Java has no directory fsync, so the established
     * route is to open the directory for reading and force it).
     */
    default void syncDirectory(Path directory) throws IOException {
        try (FileChannel dir = open(directory, Set.of(java.nio.file.StandardOpenOption.READ))) {
            dir.force(true);
        }
    }

    /**
     * Deletes {@code file} if it exists (never following a link: {@link java.nio.file.Files#deleteIfExists}
     * removes the link itself). The caller syncs the directory to make the deletion durable.
     */
    default void delete(Path file) throws IOException {
        java.nio.file.Files.deleteIfExists(file);
    }
}
