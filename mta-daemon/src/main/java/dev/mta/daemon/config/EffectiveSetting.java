package dev.mta.daemon.config;

/**
 * One key of the effective configuration, as {@code mta check-config} prints it.
 *
 * @param key       the key
 * @param value     the value in canonical form; a secret is masked
 * @param isDefault whether the value is the default (the file does not set the key)
 */
public record EffectiveSetting(String key, String value, boolean isDefault) {
}
