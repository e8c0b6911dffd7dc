package dev.mta.daemon.cli;

import dev.mta.smtpd.auth.Argon2Cost;
import dev.mta.smtpd.auth.AuthResult;
import dev.mta.smtpd.auth.AuthThrottle;
import dev.mta.smtpd.auth.AuthThrottleSettings;
import dev.mta.smtpd.auth.Authenticator;
import dev.mta.smtpd.auth.PasswordHasher;
import dev.mta.smtpd.auth.UserDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code mta user add|passwd|del} through picocli, with the password on stdin, against a real users file. */
class UserCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final PasswordHasher hasher = new PasswordHasher(new Argon2Cost(64, 1, 1), new SecureRandom());

    private int mta(String stdin, String... args) {
        CommandLine cmd = new CommandLine(new MtaCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == UserCommand.class) {
                    return type.cast(new UserCommand(
                            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), () -> null, hasher));
                }
                return CommandLine.defaultFactory().create(type);
            }
        });
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private Path config(boolean withUsersFile) throws IOException {
        return Files.writeString(dir.resolve("mta.properties"), "hostname = mx.example.test\n"
                + "state.directory = " + dir.resolve("state") + "\n"
                + "queue.directory = " + dir.resolve("spool") + "\n"
                + "listeners = submission\n"
                + "listener.submission.address = 127.0.0.1:2587\n"
                + "listener.submission.role = submission\n"
                + "tls.self-signed-if-missing = true\n"
                + (withUsersFile ? "users.file = " + dir.resolve("users") + "\n" : ""));
    }

    private boolean accepts(String user, String password) throws Exception {
        UserDirectory users = UserDirectory.load(dir.resolve("users"));
        Authenticator authenticator = new Authenticator(() -> users, hasher,
                new AuthThrottle(AuthThrottleSettings.DEFAULTS, Clock.systemUTC()), Runnable::run);
        AuthResult result = authenticator.authenticate(user, password, InetAddress.getLoopbackAddress())
                .toCompletableFuture().get();
        return result instanceof AuthResult.Succeeded;
    }

    @Test
    void addPasswdDelRoundTripKeepsTheRestOfTheFile() throws Exception {
        String c = config(true).toString();
        Path users = dir.resolve("users");
        Files.writeString(users, "# mail users\n\nbob@example.test:" + hasher.hash("bobs").usersFileForm()
                + ":allow=@example.org\n");

        assertEquals(0, mta("s3cret pass\n", "user", "add", "alice@example.test", "--config", c), err::toString);
        List<String> lines = Files.readAllLines(users);
        assertEquals("# mail users", lines.get(0));
        assertEquals("", lines.get(1));
        assertTrue(lines.get(2).startsWith("bob@example.test:{"), lines.get(2));
        assertTrue(lines.get(3).startsWith("alice@example.test:{ARGON2ID}$argon2id$"), lines.get(3));
        assertFalse(Files.readString(users).contains("s3cret"), "the password itself is never written");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(users)));
        assertTrue(accepts("alice@example.test", "s3cret pass"));
        assertFalse(accepts("alice@example.test", "s3cret pass\n"));

        assertEquals(0, mta("new one\r\n", "user", "passwd", "BOB@example.test", "--config", c), err::toString);
        lines = Files.readAllLines(users);
        assertTrue(lines.get(2).startsWith("bob@example.test:{ARGON2ID}$argon2id$"), lines.get(2));
        assertTrue(lines.get(2).endsWith(":allow=@example.org"), "allow= is kept: " + lines.get(2));
        assertTrue(accepts("bob@example.test", "new one"));
        assertFalse(accepts("bob@example.test", "bobs"));

        assertEquals(0, mta("", "user", "del", "bob@example.test", "--config", c), err::toString);
        assertEquals(List.of("# mail users", "", lines.get(3)), Files.readAllLines(users));
        assertFalse(accepts("bob@example.test", "new one"));
        assertTrue(accepts("alice@example.test", "s3cret pass"));
    }

    @Test
    void anEditKeepsTheOwnerAndGroupOfTheFileItReplaces() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "only root can give a file a group it is not in, as the package's postinst does (root:mta)");
        String c = config(true).toString();
        Path users = Files.writeString(dir.resolve("users"), "");
        GroupPrincipal daemon = users.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByGroupName("daemon");
        Files.getFileAttributeView(users, PosixFileAttributeView.class).setGroup(daemon);

        assertEquals(0, mta("pw\n", "user", "add", "dave@example.test", "-c", c), err::toString);

        PosixFileAttributes after = Files.readAttributes(users, PosixFileAttributes.class);
        assertEquals(daemon, after.group());
        assertEquals("root", after.owner().getName());
        assertEquals("rw-r-----", PosixFilePermissions.toString(after.permissions()));
        assertTrue(accepts("dave@example.test", "pw"));
    }

    @Test
    void addCreatesAMissingFile() throws Exception {
        String c = config(true).toString();
        assertEquals(0, mta("pw\n", "user", "add", "carol@example.test", "-c", c), err::toString);
        assertTrue(Files.readString(dir.resolve("users")).startsWith("carol@example.test:{ARGON2ID}$argon2id$"));
        assertTrue(accepts("carol@example.test", "pw"));
    }

    @Test
    void wrongPresenceIsStatus1() throws Exception {
        String c = config(true).toString();
        assertEquals(0, mta("pw\n", "user", "add", "alice@example.test", "-c", c), err::toString);
        String before = Files.readString(dir.resolve("users"));

        assertEquals(1, mta("other\n", "user", "add", "Alice@example.test", "-c", c));
        assertTrue(err.toString().contains("already exists"), err::toString);
        assertEquals(1, mta("pw\n", "user", "passwd", "nobody@example.test", "-c", c));
        assertEquals(1, mta("", "user", "del", "nobody@example.test", "-c", c));
        assertEquals(before, Files.readString(dir.resolve("users")), "nothing changed");
    }

    @Test
    void usageAndConfigurationErrorsAreStatus2() throws Exception {
        String c = config(true).toString();
        assertEquals(2, mta("pw\n", "user", "add", "not an address", "-c", c));
        assertEquals(2, mta("", "user", "add", "alice@example.test", "-c", c), "no password on stdin");
        assertEquals(2, mta("\n", "user", "add", "alice@example.test", "-c", c), "empty password");
        assertEquals(2, mta("pw\n", "user", "add", "alice@example.test", "pw", "-c", c), "no password argument");
        assertEquals(2, mta("pw\n", "user", "-c", c));
        assertFalse(Files.exists(dir.resolve("users")));

        Files.writeString(dir.resolve("users"), "broken line\n");
        assertEquals(2, mta("pw\n", "user", "add", "alice@example.test", "-c", c));
        assertEquals("broken line\n", Files.readString(dir.resolve("users")));

        String noUsers = config(false).toString();
        assertEquals(2, mta("pw\n", "user", "add", "alice@example.test", "-c", noUsers));
        assertTrue(err.toString().contains("users.file is not set"), err::toString);
    }
}
