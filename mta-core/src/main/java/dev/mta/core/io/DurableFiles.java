package dev.mta.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes small files (keys, certificates) so that after a crash a reader finds either the old file or the whole new
 * one, never a part: the content goes to a temporary file beside the target, created with its final mode (a private
 * key is never readable by others, not even for an instant), synced, renamed or linked into place, and the directory
 * is synced, since a file's name lives in its directory (ext4 and XFS need both syncs to make a new name durable).
 */
public final class DurableFiles {

    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY_MODE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    private DurableFiles() {
    }

    /**
     * Writes {@code content} to {@code target} with {@code mode}, replacing a file that is there. Missing parent
     * directories are created with mode 0700.
     */
    public static void replace(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        replaceWith(stage(target, content, mode), target);
        syncDirectory(directoryOf(target));
    }

    /**
     * Renames a file made by {@link #stage} over {@code target} in one step. The caller syncs the directory (once,
     * after several files, when they belong together).
     */
    public static void replaceWith(Path staged, Path target) throws IOException {
        try {
            // rename(2) replaces the target in one step; ATOMIC_MOVE refuses to fall back to copy-and-delete.
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Writes {@code content} to {@code target} with {@code mode}, failing with {@link FileAlreadyExistsException}
     * if a file (or a link) is already there, even one that appears while this runs: link(2) puts the new file in
     * place only if the name is free, where a rename would replace it.
     */
    public static void createNew(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path staged = stage(target, content, mode);
        try {
            Files.createLink(target, staged);
        } finally {
            Files.deleteIfExists(staged);
        }
        syncDirectory(directoryOf(target));
    }

    /** Syncs a directory, making the creation, renaming or removal of names in it durable. */
    public static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /**
     * Writes {@code content} to a new temporary file beside {@code target}, created with {@code mode}, and syncs it;
     * {@link #replaceWith} puts it in place. Missing parent directories are created with mode 0700.
     */
    public static Path stage(Path target, byte[] content, Set<PosixFilePermission> mode) throws IOException {
        Path directory = directoryOf(target);
        Files.createDirectories(directory, DIRECTORY_MODE);
        Path temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp",
                PosixFilePermissions.asFileAttribute(mode));
        try {
            // The umask may have taken bits away from the mode given at creation; set exactly what we mean.
            Files.setPosixFilePermissions(temporary, mode);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            return temporary;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
    }

    /** The directory a file's name lives in. */
    public static Path directoryOf(Path file) {
        return file.toAbsolutePath().getParent();
    }
}
