package dev.mta.delivery;

import dev.mta.core.config.Secret;
import dev.mta.delivery.client.ClientCredentials;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Reads a relay host's login from its configured source. A password file is read here, at start and on reload,
 * never per message and never on an event loop.
 */
public final class RelayLogin {

    private RelayLogin() {
    }

    /**
     * The login, with the password from the configuration or from the first line of the password file (without
     * its line end; nothing else of the file is read).
     *
     * @throws IOException when the file cannot be read or its first line is empty
     */
    public static ClientCredentials read(SmtpAuthSettings auth) throws IOException {
        Secret password;
        if (auth.password() instanceof PasswordSource.Literal literal) {
            password = literal.password();
        } else {
            PasswordSource.FromFile file = (PasswordSource.FromFile) auth.password();
            String line;
            try (BufferedReader in = Files.newBufferedReader(file.file(), StandardCharsets.UTF_8)) {
                line = in.readLine();
            }
            if (line == null || line.isEmpty()) {
                // The path is safe to name; the content never is.
                throw new IOException("password file " + file.file() + " has no password on its first line");
            }
            password = new Secret(line);
        }
        return new ClientCredentials(auth.username(), password);
    }
}
