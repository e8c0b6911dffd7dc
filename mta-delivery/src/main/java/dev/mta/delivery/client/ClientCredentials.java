package dev.mta.delivery.client;

import dev.mta.core.config.Secret;

import java.util.Objects;

/**
 * A login for a relay host (RFC 4954), sent only over TLS whose certificate was verified. The password is read by
 * the caller (a password file is disk I/O and does not belong on an event loop).
 *
 * @param username the user name
 * @param password the password; prints masked
 */
public record ClientCredentials(String username, Secret password) {

    public ClientCredentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (username.isEmpty()) {
            throw new IllegalArgumentException("empty user name");
        }
    }
}
