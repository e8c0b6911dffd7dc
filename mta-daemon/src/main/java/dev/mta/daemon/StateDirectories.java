package dev.mta.daemon;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Makes sure a directory the daemon keeps data in exists and can be written, before any listener opens: a
 * read-only or missing spool must stop the start with a clear message, not fail the first message with a 451.
 */
final class StateDirectories {

    /** Mail and keys are nobody else's business; directories mta creates are the mta user's only. */
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));

    /**
     * Creates {@code directory} (and missing parents) with mode 0700 if it is missing, and checks that a file can
     * be created in it.
     *
     * @param purpose what the directory is for, as the configuration calls it ("state directory")
     * @throws StartupException with {@link ExitStatus#FAILED} when it cannot be created or written
     */
    void prepare(Path directory, String purpose) throws StartupException {
        try {
            Files.createDirectories(directory, OWNER_ONLY);
        } catch (FileAlreadyExistsException e) {
            throw new StartupException(ExitStatus.FAILED, purpose + " " + directory + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new StartupException(ExitStatus.FAILED, purpose + " " + directory + ": cannot create it: "
                    + reason(e), e);
        }
        try {
            // Files.isWritable() asks access(2), which says yes to root even on a read-only mount; only
            // creating a file tells the truth.
            Path probe = Files.createTempFile(directory, ".mta-write-check-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new StartupException(ExitStatus.FAILED, purpose + " " + directory + " is not writable: "
                    + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.toString();
    }
}
