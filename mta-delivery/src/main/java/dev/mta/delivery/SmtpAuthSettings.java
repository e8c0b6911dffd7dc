package dev.mta.delivery;

import java.util.Objects;

/**
 * A login for an SMTP server we relay through.
 *
 * @param username the user name
 * @param password where the password comes from
 */
public record SmtpAuthSettings(String username, PasswordSource password) {

    public SmtpAuthSettings {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
    }
}
