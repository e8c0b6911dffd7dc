package dev.mta.daemon.config;

import dev.mta.core.config.InvalidValueException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The properties of one file, each checked on its own: a known key or a key of a family with valid variables,
 * given once, interpolated, free of control characters, and of the right type. Errors go to the collector; a key
 * with an error is marked invalid, so that the checks across keys skip it rather than report it again. Gives
 * typed access to the valid values, defaults included.
 */
final class CheckedProperties {

    /** A key of a family given in the file, with its variables and valid text. */
    record Instance(String key, Map<String, String> variables, String text) {
    }

    private final KeyRegistry registry;
    private final EnvInterpolator interpolator;
    private final ConfigErrors errors;
    /** Keys given in the file with valid values: their interpolated text. */
    private final Map<String, String> given = new LinkedHashMap<>();
    private final Map<KeyFamily<?>, List<Instance>> instances = new LinkedHashMap<>();
    /** Keys given in the file whose value is invalid (or required keys that are missing). */
    private final Set<String> invalid = new HashSet<>();

    CheckedProperties(KeyRegistry registry, EnvInterpolator interpolator, ConfigErrors errors,
                      List<RawProperty> properties) {
        this.registry = registry;
        this.interpolator = interpolator;
        this.errors = errors;
        Map<String, RawProperty> first = new HashMap<>();
        for (RawProperty p : properties) {
            RawProperty earlier = first.putIfAbsent(p.key(), p);
            if (earlier != null) {
                errors.key(p.key(), "set twice (lines " + earlier.line() + " and " + p.line() + "); keep one");
                invalid.add(p.key());
            }
        }
        for (RawProperty p : properties) {
            if (first.get(p.key()) == p) {
                read(p);
            }
        }
        for (KeySpec spec : registry.specs()) {
            if (spec instanceof ConfigKey<?> key && key.defaultValue().isEmpty() && !given.containsKey(key.name())
                    && !invalid.contains(key.name())) {
                errors.key(key.name(), "not set; it is required: " + key.doc() + " (e.g. " + key.example() + ")");
                invalid.add(key.name());
            }
        }
    }

    private void read(RawProperty p) {
        String key = p.key();
        if (key.isEmpty()) {
            errors.file("line " + p.line() + ": a value without a key");
            return;
        }
        if (key.equalsIgnoreCase("include") || key.equalsIgnoreCase("includeoptional")) {
            errors.key(key, "not supported: mta reads one file (line " + p.line() + ")");
            return;
        }
        Optional<ConfigKey<?>> fixed = registry.key(key);
        Optional<KeyRegistry.FamilyMatch> family = fixed.isPresent() ? Optional.empty() : registry.family(key);
        if (fixed.isEmpty() && family.isEmpty()) {
            String hint = new KeySuggester(registry).suggest(key).map(s -> "; " + s).orElse("");
            errors.key(key, "unknown key" + hint);
            return;
        }
        if (family.isPresent()) {
            try {
                family.get().family().pattern().checkVariables(family.get().variables());
            } catch (InvalidValueException e) {
                errors.key(key, "key of " + family.get().family().name() + ": " + e.getMessage());
                invalid.add(key);
                return;
            }
        }
        boolean secret = fixed.map(ConfigKey::secret).orElse(false);
        EnvInterpolator.Result interpolated = interpolator.interpolate(p.value());
        if (!interpolated.problems().isEmpty()) {
            interpolated.problems().forEach(problem -> errors.value(key, p.value(), secret, problem));
            invalid.add(key);
            return;
        }
        String text = interpolated.value().strip();
        if (hasControlCharacter(text)) {
            errors.value(key, text, secret, "must not contain control characters such as line breaks");
            invalid.add(key);
            return;
        }
        try {
            if (fixed.isPresent()) {
                fixed.get().type().parse(text);
                given.put(key, text);
            } else {
                KeyRegistry.FamilyMatch match = family.get();
                match.family().type().parse(text);
                instances.computeIfAbsent(match.family(), f -> new ArrayList<>())
                        .add(new Instance(key, match.variables(), text));
            }
        } catch (InvalidValueException e) {
            errors.value(key, text, secret, e.getMessage());
            invalid.add(key);
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    /** The key's value, its default when not given; empty when the given value was invalid (already reported). */
    <T> Optional<T> get(ConfigKey<T> key) {
        if (invalid.contains(key.name())) {
            return Optional.empty();
        }
        String text = given.get(key.name());
        if (text != null) {
            return Optional.of(key.type().parse(text));
        }
        return key.defaultValue().map(key.type()::parse);
    }

    /** The key's text as given, else its default text. */
    String text(ConfigKey<?> key) {
        String text = given.get(key.name());
        return text != null ? text : key.defaultValue().orElse("");
    }

    /** The valid keys of a family given in the file, in file order. */
    <T> List<FamilyValue<T>> given(KeyFamily<T> family) {
        List<FamilyValue<T>> result = new ArrayList<>();
        for (Instance i : instances.getOrDefault(family, List.of())) {
            result.add(new FamilyValue<>(i.key(), i.variables(), family.type().parse(i.text()), i.text(), true));
        }
        return result;
    }

    /** The family key for these variables: as given, else its instance default, else empty. */
    <T> Optional<FamilyValue<T>> instance(KeyFamily<T> family, Map<String, String> variables) {
        String key = family.pattern().instance(variables);
        for (FamilyValue<T> b : given(family)) {
            if (b.key().equals(key)) {
                return Optional.of(b);
            }
        }
        return family.instanceDefault().apply(variables)
                .map(text -> new FamilyValue<>(key, variables, family.type().parse(text), text, false));
    }

    /** Whether the key was given with an invalid value (the error is reported already). */
    boolean isInvalid(String key) {
        return invalid.contains(key);
    }

    /** Whether the file sets the key (validly). */
    boolean isGiven(String key) {
        return given.containsKey(key);
    }

    /** The keys of a family given in the file with valid values, in file order, as key, variables and text. */
    List<Instance> instances(KeyFamily<?> family) {
        return instances.getOrDefault(family, List.of());
    }
}
