package dev.mta.daemon.config;

/** An entry of the key registry: a single key, or a family of keys with a variable part. */
sealed interface KeySpec permits ConfigKey, KeyFamily {

    /** The key, or the family's pattern such as {@code route.<domain>}. */
    String name();

    /** One line saying what the key does. */
    String doc();

    Section section();

    /** Whether the value must never be printed. */
    boolean secret();
}
