package dev.mta.smtpd.auth;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.Utf8Mode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of the users file. Lookups are in memory and safe from any thread, the event loop
 * included; {@link #load} reads the disk and must run elsewhere. A reload makes a new snapshot
 * ({@link ReloadableUserDirectory}).
 *
 * <p>A login is looked up ignoring the case of its local part and by the A-label form of its domain
 * ({@link Logins}); what it finds carries the name as the file writes it.
 */
public final class UserDirectory {

    /** No users: every login fails. */
    public static final UserDirectory EMPTY = new UserDirectory(Map.of());

    private final Map<String, User> byKey;

    private UserDirectory(Map<String, User> byKey) {
        this.byKey = Collections.unmodifiableMap(byKey);
    }

    /**
     * Reads and checks the users file. Blocking disk I/O: call it from a worker thread, never an event loop.
     *
     * @throws UsersFileException when the file cannot be read or any line is wrong (every bad line is named)
     */
    public static UserDirectory load(Path file) throws UsersFileException {
        Objects.requireNonNull(file, "file");
        byte[] content;
        try {
            if (Files.size(file) > UsersFileParser.MAX_FILE_OCTETS) {
                throw new UsersFileException(file, List.of(new UsersFileException.Problem(0,
                        "larger than " + UsersFileParser.MAX_FILE_OCTETS + " octets")));
            }
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsersFileException(file, List.of(new UsersFileException.Problem(0,
                    "cannot be read: " + e.getClass().getSimpleName()
                            + (e.getMessage() == null ? "" : " " + e.getMessage()))));
        }
        return new UserDirectory(UsersFileParser.parse(file, content));
    }

    /** The user a login name (the SASL authentication identity) names, if any. */
    public Optional<User> find(String login) {
        Objects.requireNonNull(login, "login");
        Parsed<Mailbox> parsed = AddressParser.mailbox(login, Utf8Mode.UTF8_ALLOWED);
        return parsed instanceof Parsed.Ok<Mailbox> ok ? find(ok.value()) : Optional.empty();
    }

    /** The user with this address as its name, if any. */
    public Optional<User> find(Mailbox login) {
        return Optional.ofNullable(byKey.get(Logins.key(login)));
    }

    /** Every user, in file order. */
    public Collection<User> users() {
        return byKey.values();
    }

    public int size() {
        return byKey.size();
    }

    @Override
    public String toString() {
        return "UserDirectory[" + byKey.size() + " users]";
    }
}
