package dev.mta.core.config;

import java.util.Objects;

/**
 * A value that must never reach a log or a printed configuration, such as a relay password. Its
 * {@link #toString()} is a mask; only {@link #value()} gives the text, for the one place that needs it.
 *
 * @param value the secret text
 */
public record Secret(String value) {

    /** What is shown instead of a secret. */
    public static final String MASK = "********";

    public Secret {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return MASK;
    }
}
