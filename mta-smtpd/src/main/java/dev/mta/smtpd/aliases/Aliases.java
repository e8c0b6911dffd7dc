package dev.mta.smtpd.aliases;

import dev.mta.core.address.Mailbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The aliases in use: the table of the aliases file, swapped in one step when the file is reloaded (SIGHUP;
 * DESIGN.md "Start, stop, reload"). A session reads {@link #get()} once per RCPT; a reload never disturbs a
 * session, and a bad file on reload leaves the old table in use. Thread-safe.
 *
 * <p>{@link #expand(String)} is also the lookup for programs that hand over unqualified names, as cron does with
 * {@code root} (a future {@code mta sendmail}).
 */
public final class Aliases implements Supplier<AliasTable> {

    private static final Logger LOG = LoggerFactory.getLogger(Aliases.class);

    private final Optional<Path> file;
    private final AtomicReference<AliasTable> current;

    private Aliases(Optional<Path> file, AliasTable first) {
        this.file = file;
        this.current = new AtomicReference<>(first);
    }

    /** No aliases file: no name is an alias, and a reload has nothing to read. */
    public static Aliases none() {
        return new Aliases(Optional.empty(), AliasTable.EMPTY);
    }

    /** A fixed table, for tests and embedders; a reload keeps it. */
    public static Aliases of(AliasTable table) {
        return new Aliases(Optional.empty(), Objects.requireNonNull(table, "table"));
    }

    /**
     * Reads the file for the first time. Blocking disk I/O: never on an event loop.
     *
     * @throws AliasesFileException when the file is bad; at start the daemon refuses to run with it
     */
    public static Aliases load(Path file) throws AliasesFileException {
        Objects.requireNonNull(file, "file");
        return new Aliases(Optional.of(file), read(file));
    }

    /** The table in use now. */
    @Override
    public AliasTable get() {
        return current.get();
    }

    /**
     * The addresses an unqualified name or a local part of an accepted domain expands to, with nested aliases
     * resolved; empty when it is not an alias.
     */
    public Optional<List<Mailbox>> expand(String localPart) {
        return current.get().expand(localPart);
    }

    /**
     * Reads the file again and, if it is good, makes it the table in use; if it is bad, the old table stays, the
     * problem is logged and thrown. Without a file, does nothing. Blocking disk I/O.
     *
     * @throws AliasesFileException when the new file is bad; nothing has changed then
     */
    public void reload() throws AliasesFileException {
        if (file.isEmpty()) {
            return;
        }
        AliasTable fresh;
        try {
            fresh = read(file.get());
        } catch (AliasesFileException e) {
            LOG.warn("aliases file not reloaded, keeping the {} aliases loaded before: {}", current.get().size(),
                    e.getMessage());
            throw e;
        }
        current.set(fresh);
        LOG.info("aliases file reloaded: {} aliases from {}", fresh.size(), file.get());
    }

    public Optional<Path> file() {
        return file;
    }

    private static AliasTable read(Path file) throws AliasesFileException {
        byte[] content;
        try {
            if (Files.size(file) > AliasesFileParser.MAX_FILE_OCTETS) {
                throw new AliasesFileException(file, List.of(new AliasesFileException.Problem(0,
                        "larger than " + AliasesFileParser.MAX_FILE_OCTETS + " octets")));
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AliasesFileException(file, List.of(new AliasesFileException.Problem(0,
                    "cannot be read: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()))));
        }
        return AliasesFileParser.parse(file, content);
    }
}
