package dev.mta.daemon.config;

/**
 * One {@code key = value} line of the configuration file, as read, before interpolation.
 *
 * @param key   the key
 * @param value the value, escapes resolved, not yet interpolated
 * @param line  the line number where the property ends (continuation lines count)
 */
record RawProperty(String key, String value, int line) {
}
