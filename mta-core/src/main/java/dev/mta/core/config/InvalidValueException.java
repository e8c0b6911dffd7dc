package dev.mta.core.config;

/**
 * A configuration value does not parse. The message says what is wrong and what is allowed, and does not repeat
 * the value: the caller names the file, the key and the value in front of it.
 */
public class InvalidValueException extends IllegalArgumentException {

    public InvalidValueException(String message) {
        super(message);
    }
}
