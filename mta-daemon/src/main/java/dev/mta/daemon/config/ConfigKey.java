package dev.mta.daemon.config;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration key.
 *
 * @param name         the key
 * @param type         how its text is read
 * @param defaultValue the production default as it is written in {@code config/mta.properties}; empty for a
 *                     key that must be set
 * @param example      a value to show for a key that must be set (the reference file carries it)
 * @param doc          one line saying what the key does
 * @param section      where the reference file lists it
 * @param secret       whether the value is masked wherever it is printed
 * @param <T>          the value type
 */
record ConfigKey<T>(String name, ValueType<T> type, Optional<String> defaultValue, String example, String doc,
                    Section section, boolean secret) implements KeySpec {

    ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(example, "example");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(section, "section");
    }

    static <T> ConfigKey<T> of(Section section, String name, ValueType<T> type, String defaultValue, String doc) {
        return new ConfigKey<>(name, type, Optional.of(defaultValue), defaultValue, doc, section, false);
    }

    static <T> ConfigKey<T> required(Section section, String name, ValueType<T> type, String example, String doc) {
        return new ConfigKey<>(name, type, Optional.empty(), example, doc, section, false);
    }

    ConfigKey<T> asSecret() {
        return new ConfigKey<>(name, type, defaultValue, example, doc, section, true);
    }

    /** The value the reference file shows: the default, or the example of a key that must be set. */
    String referenceValue() {
        return defaultValue.orElse(example);
    }
}
