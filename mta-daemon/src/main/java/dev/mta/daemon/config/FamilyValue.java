package dev.mta.daemon.config;

import java.util.Map;

/**
 * A key of a family with its typed value.
 *
 * @param key       the key, e.g. {@code listener.smtp.address}
 * @param variables the values of the pattern's variables, e.g. {@code name=smtp}
 * @param value     the typed value
 * @param text      the value's text, as given or as the instance default
 * @param fromFile  false for an instance default
 * @param <T>       the value type
 */
record FamilyValue<T>(String key, Map<String, String> variables, T value, String text, boolean fromFile) {
}
