package dev.mta.smtpd.auth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The current {@link UserDirectory}, swapped in one step when the users file is reloaded (SIGHUP; DESIGN.md
 * "Start, stop, reload"). A session reads {@link #get()} once per AUTH and keeps working with that snapshot;
 * a reload never disturbs it.
 */
public final class ReloadableUserDirectory implements Supplier<UserDirectory> {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadableUserDirectory.class);

    private final Path file;
    private final AtomicReference<UserDirectory> current;

    private ReloadableUserDirectory(Path file, UserDirectory first) {
        this.file = file;
        this.current = new AtomicReference<>(first);
    }

    /**
     * Loads the file for the first time. Blocking disk I/O, as {@link UserDirectory#load}.
     *
     * @throws UsersFileException when the file is bad: at start the daemon refuses to run with it
     */
    public static ReloadableUserDirectory load(Path file) throws UsersFileException {
        Objects.requireNonNull(file, "file");
        return new ReloadableUserDirectory(file, UserDirectory.load(file));
    }

    /** The snapshot in use now. */
    @Override
    public UserDirectory get() {
        return current.get();
    }

    /**
     * Reads the file again and, if it is good, makes it the current snapshot. If it is bad, the old snapshot
     * stays in use, the problem is logged, and the exception tells the caller (for the reload's reply).
     * Blocking disk I/O, as {@link UserDirectory#load}.
     *
     * @return the new snapshot
     * @throws UsersFileException when the new file is bad; nothing has changed then
     */
    public UserDirectory reload() throws UsersFileException {
        UserDirectory fresh;
        try {
            fresh = UserDirectory.load(file);
        } catch (UsersFileException e) {
            LOG.warn("users file not reloaded, keeping the {} users loaded before: {}", current.get().size(),
                    e.getMessage());
            throw e;
        }
        current.set(fresh);
        LOG.info("users file reloaded: {} users from {}", fresh.size(), file);
        return fresh;
    }

    public Path file() {
        return file;
    }
}
