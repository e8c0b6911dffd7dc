package dev.mta.delivery;

import dev.mta.core.config.Secret;

import java.nio.file.Path;
import java.util.Objects;

/** Where a relay password comes from: the configuration itself (often through {@code ${env:VAR}}), or a file. */
public sealed interface PasswordSource {

    /**
     * The password as configured.
     *
     * @param password the password; prints masked
     */
    record Literal(Secret password) implements PasswordSource {
        public Literal {
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * A file whose first line is the password, read when delivery starts and on reload, so the secret need not
     * be in the configuration file at all.
     *
     * @param file the password file
     */
    record FromFile(Path file) implements PasswordSource {
        public FromFile {
            Objects.requireNonNull(file, "file");
        }
    }
}
