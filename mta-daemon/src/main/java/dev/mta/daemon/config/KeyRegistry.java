package dev.mta.daemon.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The registry of keys: looks a key up by name, or finds the family it belongs to. */
final class KeyRegistry {

    /** A key of a family, with its variables. */
    record FamilyMatch(KeyFamily<?> family, Map<String, String> variables) {
    }

    private final List<KeySpec> specs;
    private final Map<String, ConfigKey<?>> keys = new LinkedHashMap<>();

    KeyRegistry(List<KeySpec> specs) {
        this.specs = List.copyOf(specs);
        for (KeySpec spec : specs) {
            if (spec instanceof ConfigKey<?> key && keys.put(key.name(), key) != null) {
                throw new IllegalArgumentException("key declared twice: " + key.name());
            }
        }
    }

    /** Every key and family, in the order of the reference file. */
    List<KeySpec> specs() {
        return specs;
    }

    Optional<ConfigKey<?>> key(String name) {
        return Optional.ofNullable(keys.get(name));
    }

    /** The family whose pattern the key fits (its variables not yet checked), if any. */
    Optional<FamilyMatch> family(String key) {
        for (KeySpec spec : specs) {
            if (spec instanceof KeyFamily<?> family) {
                Optional<Map<String, String>> vars = family.pattern().match(key);
                if (vars.isPresent()) {
                    return Optional.of(new FamilyMatch(family, vars.get()));
                }
            }
        }
        return Optional.empty();
    }

    /** Whether the key is a fixed key or a key of a family. */
    boolean knows(String key) {
        return keys.containsKey(key) || family(key).isPresent();
    }
}
