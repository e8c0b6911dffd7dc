package dev.mta.smtpd.auth;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Utf8Mode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsersFileTest {

    private static final String ARGON2 = "{ARGON2ID}" + Vectors.ARGON2_CFFI;
    private static final String BCRYPT = "{BLF-CRYPT}" + Vectors.BCRYPT_HTPASSWD;

    @TempDir
    Path dir;

    @BeforeAll
    static void quietLogs() {
        QuietLogs.apply();
    }

    private Path write(String content) throws IOException {
        return Files.writeString(dir.resolve("users"), content, StandardCharsets.UTF_8);
    }

    private static Mailbox mailbox(String text) {
        return AddressParser.mailbox(text, Utf8Mode.UTF8_ALLOWED).orElseThrow();
    }

    private static Domain domain(String text) {
        return AddressParser.domain(text, Utf8Mode.UTF8_ALLOWED).orElseThrow();
    }

    @Test
    void readsUsersCommentsBlankLinesAndAllowLists() throws Exception {
        Path file = write("# users for example.com\n"
                + "\n"
                + "alice@example.com:" + ARGON2 + "\n"
                + "   \t\n"
                + "  # indented comment\n"
                + "bob@example.com:" + BCRYPT + ":allow=bob@example.net, @example.org ,Robert@Example.com\r\n"
                + "\"odd:name\"@bücher.example:" + ARGON2);
        UserDirectory users = UserDirectory.load(file);

        assertEquals(3, users.size());
        User alice = users.find("alice@example.com").orElseThrow();
        assertEquals(mailbox("alice@example.com"), alice.login());
        assertEquals(Set.of(), alice.allowedAddresses());
        assertEquals(Set.of(), alice.allowedDomains());
        assertEquals(StoredPassword.parse(ARGON2), alice.password());

        User bob = users.find("bob@example.com").orElseThrow();
        assertEquals(StoredPassword.parse(BCRYPT), bob.password());
        assertEquals(Set.of(mailbox("bob@example.net"), mailbox("Robert@example.com")), bob.allowedAddresses());
        assertEquals(Set.of(domain("example.org")), bob.allowedDomains());

        User odd = users.find("\"odd:name\"@xn--bcher-kva.example").orElseThrow();
        assertEquals("odd:name", odd.login().localPart());

        Path quoted = write("carol@example.com:" + ARGON2 + ":allow=\"sales, east:1\"@example.com,@example.org\n");
        User carol = UserDirectory.load(quoted).find("carol@example.com").orElseThrow();
        assertEquals(Set.of(mailbox("\"sales, east:1\"@example.com")), carol.allowedAddresses());
        assertEquals(Set.of(domain("example.org")), carol.allowedDomains());
    }

    @ParameterizedTest(name = "login {0}")
    @CsvSource(textBlock = """
            alice@example.com
            Alice@Example.com
            ALICE@EXAMPLE.COM
            alice@EXAMPLE.com
            """)
    void loginIgnoresCaseAndYieldsTheNameAsWritten(String login) throws Exception {
        UserDirectory users = UserDirectory.load(write("alice@example.com:" + ARGON2 + "\n"));
        assertEquals("alice@example.com", users.find(login).orElseThrow().login().toString());
    }

    @Test
    void internationalDomainsMatchByALabel() throws Exception {
        UserDirectory users = UserDirectory.load(write("jörg@bücher.example:" + ARGON2 + "\n"));
        assertTrue(users.find("jörg@xn--bcher-kva.example").isPresent());
        assertTrue(users.find("JÖRG@BÜCHER.example").isPresent());
        assertEquals("jörg@bücher.example", users.find("jörg@bücher.example").orElseThrow().login().toString());
    }

    @ParameterizedTest(name = "unknown {0}")
    @CsvSource(delimiter = '|', textBlock = """
            alice
            alice@example.org
            alice@example.com.
            ''
            <alice@example.com>
            alice@[192.0.2.1]
            alice@@example.com
            """)
    void unknownOrMalformedLoginsFindNobody(String login) throws Exception {
        UserDirectory users = UserDirectory.load(write("alice@example.com:" + ARGON2 + "\n"));
        assertEquals(Optional.empty(), users.find(login));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no password field      | alice@example.com                                         | 2 | expected user@domain:{SCHEME}hash
            plaintext password     | alice@example.com:secret                                  | 2 | plaintext passwords are refused
            PLAIN scheme           | alice@example.com:{PLAIN}secret                           | 2 | plaintext password scheme {PLAIN} is refused
            unknown scheme         | alice@example.com:{MD5-CRYPT}$1$x$y                       | 2 | unknown password scheme {MD5-CRYPT}
            empty password         | alice@example.com:                                        | 2 | the password field is empty
            no domain              | alice:%A%                                              | 2 | user name is not a valid address
            address literal        | alice@[192.0.2.1]:%A%                                  | 2 | user name needs a domain
            angle brackets         | <alice@example.com>:%A%                                | 2 | user name is not a valid address
            space in name          | alice smith@example.com:%A%                            | 2 | user name is not a valid address
            unknown field          | alice@example.com:%A%:uid=1000                         | 2 | unknown field; after the password only allow= may follow
            two allow fields       | alice@example.com:%A%:allow=a@example.com:allow=@x.org | 2 | too many fields
            empty allow entry      | alice@example.com:%A%:allow=a@example.com,,b@x.org     | 2 | empty entry in allow=
            empty allow list       | alice@example.com:%A%:allow=                           | 2 | empty entry in allow=
            bad allow domain       | alice@example.com:%A%:allow=@exa_mple..org             | 2 | allow= entry is not a valid @domain
            bad allow address      | alice@example.com:%A%:allow=bob                        | 2 | allow= entry is not a valid address
            allow literal          | alice@example.com:%A%:allow=bob@[192.0.2.1]            | 2 | allow= entry needs a domain
            hostile argon2         | alice@example.com:{ARGON2ID}$argon2id$v=19$m=4194304,t=1,p=1$ndaSNHVb9d4/tpDc7seHwg$FRi57vuJ+G2peaC1IXw/jA | 2 | memory m=4194304 KiB is outside
            duplicate user         | alice@example.com:%A%\\nalice@example.com:%B%          | 3 | user alice@example.com is already defined on line 2
            duplicate in case      | alice@example.com:%A%\\nAlice@EXAMPLE.com:%B%          | 3 | user Alice@example.com is already defined on line 2
            duplicate by A-label   | a@bücher.example:%A%\\na@xn--bcher-kva.example:%B%    | 3 | is already defined on line 2
            """)
    void badLinesAreErrorsNamingFileAndLine(String name, String line, int number, String expected) throws Exception {
        String content = "# header\n" + line.replace("\\n", "\n").replace("%A%", ARGON2).replace("%B%", BCRYPT) + "\n";
        Path file = write(content);
        UsersFileException e = assertThrows(UsersFileException.class, () -> UserDirectory.load(file));
        assertEquals(1, e.problems().size(), e.getMessage());
        assertEquals(number, e.problems().get(0).line(), e.getMessage());
        assertTrue(e.problems().get(0).reason().contains(expected), name + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ":" + number + ": "), e.getMessage());
        assertEquals(file, e.file());
        assertFalse(e.getMessage().contains("ndaSNHVb9d4") || e.getMessage().contains("vMlEDPAt")
                || e.getMessage().contains("secret"), "no hash or password in " + e.getMessage());
    }

    @Test
    void everyBadLineIsReportedAndNoUserIsLoaded() throws Exception {
        Path file = write("alice@example.com:" + ARGON2 + "\n"
                + "bob@example.com:hunter2\n"
                + "# fine\n"
                + "carol:" + ARGON2 + "\n"
                + "dave@example.com:" + BCRYPT + "\n");
        UsersFileException e = assertThrows(UsersFileException.class, () -> UserDirectory.load(file));
        assertEquals(List.of(2, 4), e.problems().stream().map(UsersFileException.Problem::line).toList());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    @Test
    void invalidUtf8IsAnErrorOnItsLine() throws Exception {
        byte[] content = ("alice@example.com:" + ARGON2 + "\nb\u00e9@example.com:" + ARGON2 + "\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        Path file = Files.write(dir.resolve("users"), content);
        UsersFileException e = assertThrows(UsersFileException.class, () -> UserDirectory.load(file));
        assertEquals(List.of(new UsersFileException.Problem(2, "not valid UTF-8")), e.problems());
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("nope");
        UsersFileException e = assertThrows(UsersFileException.class, () -> UserDirectory.load(missing));
        assertEquals(0, e.problems().get(0).line());
        assertTrue(e.getMessage().startsWith(missing + ": cannot be read: NoSuchFileException"), e.getMessage());
    }

    @Test
    void anEmptyFileHasNoUsers() throws Exception {
        assertEquals(0, UserDirectory.load(write("")).size());
        assertEquals(0, UserDirectory.load(write("# nobody yet\n\n")).size());
    }

    @Test
    void reloadSwapsInAGoodFileAndKeepsTheOldSnapshotWhenTheNewOneIsBad() throws Exception {
        Path file = write("alice@example.com:" + ARGON2 + "\n");
        ReloadableUserDirectory holder = ReloadableUserDirectory.load(file);
        UserDirectory first = holder.get();
        assertTrue(first.find("alice@example.com").isPresent());

        write("alice@example.com:" + ARGON2 + "\nbob@example.com:" + BCRYPT + "\n");
        UserDirectory second = holder.reload();
        assertSame(second, holder.get());
        assertTrue(holder.get().find("bob@example.com").isPresent());

        write("alice@example.com:" + ARGON2 + "\nbob@example.com:{PLAIN}oops\n");
        UsersFileException e = assertThrows(UsersFileException.class, holder::reload);
        assertEquals(2, e.problems().get(0).line());
        assertSame(second, holder.get(), "the old snapshot stays");
        assertTrue(holder.get().find("bob@example.com").isPresent());

        Files.delete(file);
        assertThrows(UsersFileException.class, holder::reload);
        assertSame(second, holder.get(), "the old snapshot stays when the file is gone");
    }

    @Test
    void aBadFileAtStartIsAnError() throws Exception {
        Path file = write("alice@example.com:{CLEAR}x\n");
        assertThrows(UsersFileException.class, () -> ReloadableUserDirectory.load(file));
    }
}
