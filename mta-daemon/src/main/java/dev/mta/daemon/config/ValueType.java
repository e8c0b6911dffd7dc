package dev.mta.daemon.config;

import dev.mta.core.config.InvalidValueException;

import java.util.function.Function;

/**
 * How the text of a key becomes a typed value, and how a value is printed back in canonical form.
 *
 * @param <T>       the value type
 * @param parser    parses text that has already been interpolated and stripped; throws
 *                  {@link InvalidValueException} saying what is allowed
 * @param formatter prints a value so that the parser reads it back to an equal value
 */
record ValueType<T>(Function<String, T> parser, Function<T, String> formatter) {

    T parse(String text) {
        return parser.apply(text);
    }

    String format(T value) {
        return formatter.apply(value);
    }
}
