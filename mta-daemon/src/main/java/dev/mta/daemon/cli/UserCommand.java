package dev.mta.daemon.cli;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.io.DurableFiles;
import dev.mta.daemon.config.ConfigException;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.smtpd.auth.PasswordHasher;
import dev.mta.smtpd.auth.StoredPassword;
import dev.mta.smtpd.auth.UserDirectory;
import dev.mta.smtpd.auth.UsersFileEditor;
import dev.mta.smtpd.auth.UsersFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code mta user add|passwd|del NAME [--config FILE]}: manages the users file that {@code users.file} names.
 * The password is never an argument (it would show in {@code ps} and in shell history): it is read from the
 * terminal without echo, twice, or, when stdin is not a terminal, as one line from stdin. It is stored as an
 * Argon2id hash at the default cost. The file is checked first (a file the daemon would refuse is not edited)
 * and replaced atomically with mode 0640 and the replaced file's owner and group ({@link DurableFiles#stage}),
 * keeping comments, other lines and the user's {@code allow=} field. The running daemon reads the file at start.
 *
 * <p>Exit status: 0 done; 1 the user exists ({@code add}) or does not ({@code passwd}, {@code del}), or the
 * file cannot be read or written; 2 usage or configuration errors (no {@code users.file}, a NAME that is not an
 * address, an invalid users file, no or an empty password, two typed passwords that differ).
 */
@Command(name = "user",
        description = "Add a user, change its password or delete it, in the users file (users.file).",
        subcommands = {UserCommand.Add.class, UserCommand.Passwd.class, UserCommand.Del.class})
public final class UserCommand implements Callable<Integer> {

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int USAGE = 2;
    /** Longer lines on stdin are refused; a password is not a document. */
    private static final int MAX_PASSWORD_OCTETS = 1024;
    /** Readable by the group the daemon runs in, never by others: the hashes can be attacked offline. */
    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-r-----");

    private final InputStream stdin;
    private final Supplier<Console> console;
    private final PasswordHasher hasher;

    @Spec
    private CommandSpec spec;

    /** Reads passwords from this process's terminal or stdin. */
    public UserCommand() {
        this(System.in, System::console, new PasswordHasher());
    }

    /**
     * @param stdin   where a password is read when there is no terminal
     * @param console the terminal, or null when stdin is not one
     * @param hasher  makes the stored hashes
     */
    public UserCommand(InputStream stdin, Supplier<Console> console, PasswordHasher hasher) {
        this.stdin = Objects.requireNonNull(stdin, "stdin");
        this.console = Objects.requireNonNull(console, "console");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
    }

    /** {@code mta user} without a subcommand is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mta user: no subcommand given (add, passwd or del)");
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** What the three subcommands share: the file, the name, the checks and the atomic write. */
    abstract static class Edit implements Callable<Integer> {

        @ParentCommand
        UserCommand parent;

        @Mixin
        ConfigFileOption config;

        @Parameters(index = "0", paramLabel = "NAME", description = "the user name, an address: alice@example.com")
        String name;

        @Spec
        CommandSpec spec;

        /** Whether the user must exist for this edit ({@code passwd}, {@code del}) or must not ({@code add}). */
        abstract boolean userMustExist();

        abstract boolean needsPassword();

        /** The new content, or empty when the user's presence is wrong (checked before, so not expected). */
        abstract Optional<String> edit(String content, Mailbox login, StoredPassword password);

        abstract String done();

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Path file;
            try {
                Optional<Path> configured = ConfigLoader.load(config.file()).smtpd().usersFile();
                if (configured.isEmpty()) {
                    return fail(err, USAGE, config.file() + ": users.file is not set");
                }
                file = configured.get();
            } catch (ConfigException e) {
                e.errors().forEach(err::println);
                err.flush();
                return USAGE;
            }
            Parsed<Mailbox> parsed = AddressParser.mailbox(name, Utf8Mode.UTF8_ALLOWED);
            if (!(parsed instanceof Parsed.Ok<Mailbox> ok) || !(ok.value().host() instanceof Domain)) {
                return fail(err, USAGE, "user name is not an address with a domain: " + name);
            }
            Mailbox login = ok.value();
            String content;
            boolean exists;
            try {
                content = Files.readString(file, StandardCharsets.UTF_8);
                exists = UserDirectory.load(file).find(login).isPresent();
            } catch (NoSuchFileException e) {
                content = "";
                exists = false;
            } catch (UsersFileException e) {
                return fail(err, USAGE, "users file " + e.getMessage());
            } catch (IOException e) {
                return fail(err, FAILED, "users file " + file + ": " + e.getMessage());
            }
            if (exists != userMustExist()) {
                return fail(err, FAILED, exists ? "user " + login + " already exists" : "no user " + login);
            }
            StoredPassword password = null;
            if (needsPassword()) {
                Optional<char[]> typed;
                try {
                    typed = parent.readPassword(login, err);
                } catch (IOException e) {
                    return fail(err, FAILED, "cannot read the password: " + e.getMessage());
                }
                if (typed.isEmpty()) {
                    return USAGE;
                }
                // Hashing takes a moment and memory; this is a command-line tool, no event loop is involved.
                password = parent.hasher.hash(new String(typed.get()));
                Arrays.fill(typed.get(), '\0');
            }
            Optional<String> edited = edit(content, login, password);
            if (edited.isEmpty()) {
                return fail(err, FAILED, exists ? "user " + login + " already exists" : "no user " + login);
            }
            try {
                replaceKeepingOwnership(file, edited.get().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return fail(err, FAILED, "users file " + file + ": cannot write: " + e.getMessage());
            }
            spec.commandLine().getOut().println("mta: user " + login + " " + done() + " in " + file);
            spec.commandLine().getOut().flush();
            return OK;
        }
    }

    /**
     * Replaces {@code file} atomically, the new file with the owner and group of the one it replaces: root edits
     * the package's {@code /etc/mta/users} (root:mta 0640), and a file that became root:root would lock the
     * daemon, running as {@code mta}, out of it at its next reload.
     */
    static void replaceKeepingOwnership(Path file, byte[] content) throws IOException {
        Path staged = DurableFiles.stage(file, content, MODE);
        try {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                PosixFileAttributes old = Files.readAttributes(file, PosixFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                PosixFileAttributeView view = Files.getFileAttributeView(staged, PosixFileAttributeView.class);
                PosixFileAttributes made = view.readAttributes();
                if (!made.group().equals(old.group())) {
                    view.setGroup(old.group());
                }
                if (!made.owner().equals(old.owner())) {
                    view.setOwner(old.owner());
                }
            }
            DurableFiles.replaceWith(staged, file);
        } finally {
            Files.deleteIfExists(staged);
        }
        DurableFiles.syncDirectory(file.toAbsolutePath().getParent());
    }

    @Command(name = "add", description = "Add a user; the password is read from the terminal or one line of stdin.")
    static final class Add extends Edit {
        @Override
        boolean userMustExist() {
            return false;
        }

        @Override
        boolean needsPassword() {
            return true;
        }

        @Override
        Optional<String> edit(String content, Mailbox login, StoredPassword password) {
            return UsersFileEditor.add(content, login, password);
        }

        @Override
        String done() {
            return "added";
        }
    }

    @Command(name = "passwd", description = "Set a user's password, keeping its allow= list.")
    static final class Passwd extends Edit {
        @Override
        boolean userMustExist() {
            return true;
        }

        @Override
        boolean needsPassword() {
            return true;
        }

        @Override
        Optional<String> edit(String content, Mailbox login, StoredPassword password) {
            return UsersFileEditor.setPassword(content, login, password);
        }

        @Override
        String done() {
            return "has a new password";
        }
    }

    @Command(name = "del", description = "Delete a user.")
    static final class Del extends Edit {
        @Override
        boolean userMustExist() {
            return true;
        }

        @Override
        boolean needsPassword() {
            return false;
        }

        @Override
        Optional<String> edit(String content, Mailbox login, StoredPassword password) {
            return UsersFileEditor.remove(content, login);
        }

        @Override
        String done() {
            return "deleted";
        }
    }

    /**
     * The password from the terminal (asked twice, without echo) or one line of stdin. Empty, after telling
     * why, when none was given.
     */
    Optional<char[]> readPassword(Mailbox login, PrintWriter err) throws IOException {
        Console terminal = console.get();
        char[] password;
        if (terminal != null) {
            password = terminal.readPassword("Password for %s: ", login);
            char[] again = terminal.readPassword("Retype the password: ");
            boolean same = password != null && Arrays.equals(password, again);
            if (again != null) {
                Arrays.fill(again, '\0');
            }
            if (!same) {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
                fail(err, USAGE, "the passwords differ");
                return Optional.empty();
            }
        } else {
            password = stdinLine();
            if (password == null) {
                fail(err, USAGE, "no password: give it as one line on stdin, or run on a terminal");
                return Optional.empty();
            }
        }
        if (password.length == 0) {
            fail(err, USAGE, "the password is empty");
            return Optional.empty();
        }
        return Optional.of(password);
    }

    /** One line of stdin without its line end, or null at the end of input or for an over-long line. */
    private char[] stdinLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        boolean any = false;
        while ((b = stdin.read()) != -1 && b != '\n') {
            any = true;
            if (line.size() == MAX_PASSWORD_OCTETS) {
                return null;
            }
            line.write(b);
        }
        if (!any && b == -1) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        CharBuffer chars = StandardCharsets.UTF_8.decode(ByteBuffer.wrap(bytes, 0, length));
        char[] exact = new char[chars.remaining()];
        chars.get(exact);
        Arrays.fill(bytes, (byte) 0);
        if (chars.hasArray()) {
            Arrays.fill(chars.array(), '\0');
        }
        return exact;
    }

    private static int fail(PrintWriter err, int status, String message) {
        err.println("mta user: " + message);
        err.flush();
        return status;
    }
}
