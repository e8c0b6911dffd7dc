package dev.mta.daemon.config;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A family of keys with a variable part, such as {@code route.<domain>}: each key of the family is checked
 * against the pattern, its variables and its value type.
 *
 * @param pattern         the family's name pattern
 * @param type            how a value is read
 * @param instanceDefault the default of one key of the family, given its variables (e.g. the well-known
 *                        listener {@code smtp} binds {@code 0.0.0.0:25}); most families have none
 * @param exampleKey      a key of the family for the reference file
 * @param exampleValue    a value for that key
 * @param doc             one line saying what the keys do
 * @param section         where the reference file lists the family
 * @param <T>             the value type
 */
record KeyFamily<T>(KeyPattern pattern, ValueType<T> type,
                    Function<Map<String, String>, Optional<String>> instanceDefault, String exampleKey,
                    String exampleValue, String doc, Section section) implements KeySpec {

    KeyFamily {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instanceDefault, "instanceDefault");
        Objects.requireNonNull(exampleKey, "exampleKey");
        Objects.requireNonNull(exampleValue, "exampleValue");
        Objects.requireNonNull(doc, "doc");
        Objects.requireNonNull(section, "section");
        if (pattern.match(exampleKey).isEmpty()) {
            throw new IllegalArgumentException(exampleKey + " is not a key of " + pattern.text());
        }
    }

    static <T> KeyFamily<T> of(Section section, String pattern, ValueType<T> type, String exampleKey,
                               String exampleValue, String doc) {
        return new KeyFamily<>(KeyPattern.of(pattern), type, vars -> Optional.empty(), exampleKey, exampleValue, doc,
                section);
    }

    KeyFamily<T> withInstanceDefaults(Function<Map<String, String>, Optional<String>> defaults) {
        return new KeyFamily<>(pattern, type, defaults, exampleKey, exampleValue, doc, section);
    }

    @Override
    public String name() {
        return pattern.text();
    }

    @Override
    public boolean secret() {
        return false;
    }
}
