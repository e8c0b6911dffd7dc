package dev.mta.smtpd.auth;

/**
 * A stored password that cannot be used: an unknown or plaintext scheme, a malformed hash string, or cost
 * parameters outside the bounds mta accepts. The message says what is wrong and never quotes the hash, so it
 * can go into an error about the users file without leaking it.
 */
public final class InvalidHashException extends Exception {

    public InvalidHashException(String message) {
        super(message);
    }
}
