package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mta.core.config.Secret;
import dev.mta.delivery.client.ClientCredentials;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayLoginTest {

    @TempDir
    Path dir;

    @Test
    void literalPassword() throws IOException {
        ClientCredentials login = RelayLogin.read(new SmtpAuthSettings("user",
                new PasswordSource.Literal(new Secret("s3cret"))));
        assertEquals("user", login.username());
        assertEquals("s3cret", login.password().value());
    }

    @Test
    void firstLineOfThePasswordFile() throws IOException {
        Path file = dir.resolve("relay.pw");
        Files.writeString(file, "from-file\r\nignored\n", StandardCharsets.UTF_8);
        ClientCredentials login = RelayLogin.read(new SmtpAuthSettings("user", new PasswordSource.FromFile(file)));
        assertEquals("from-file", login.password().value());
        assertFalse(login.toString().contains("from-file"), "the password prints masked");
    }

    @Test
    void emptyOrMissingFileIsAnError() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.pw"));
        IOException e = assertThrows(IOException.class,
                () -> RelayLogin.read(new SmtpAuthSettings("user", new PasswordSource.FromFile(empty))));
        assertFalse(e.getMessage().isEmpty());
        assertThrows(IOException.class, () -> RelayLogin.read(new SmtpAuthSettings("user",
                new PasswordSource.FromFile(dir.resolve("missing.pw")))));
    }
}
