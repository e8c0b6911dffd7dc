package dev.mta.daemon.config;

import dev.mta.core.config.DomainNames;
import dev.mta.core.config.InvalidValueException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of a key family, such as {@code listener.<name>.address} or {@code dkim.<domain>.<selector>.key}:
 * dot-separated literal segments and variables. A {@code <domain>} variable spans one or more segments (a domain
 * has dots), every other variable exactly one, and a pattern has at most one {@code <domain>}; so a key matches
 * a pattern in at most one way. In {@code dkim.<domain>.<selector>.key} the selector is therefore one label.
 *
 * @param text     the pattern as written, e.g. {@code route.<domain>}
 * @param head     literal segments before the variables
 * @param variables the variables, in order
 * @param tail     literal segments after the variables
 */
record KeyPattern(String text, List<String> head, List<Variable> variables, List<String> tail) {

    /** What a variable may hold. */
    enum Kind {
        /** A listener name: letters, digits, hyphens and underscores, one segment. */
        NAME,
        /** One DNS label, e.g. a DKIM selector. */
        LABEL,
        /** A domain name, one or more segments. */
        DOMAIN
    }

    record Variable(String name, Kind kind) {
    }

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    KeyPattern {
        head = List.copyOf(head);
        variables = List.copyOf(variables);
        tail = List.copyOf(tail);
    }

    /** Reads a pattern such as {@code dkim.<domain>.<selector>.key}; variables sit between the literals. */
    static KeyPattern of(String text) {
        List<String> head = new ArrayList<>();
        List<Variable> variables = new ArrayList<>();
        List<String> tail = new ArrayList<>();
        for (String segment : text.split("\\.")) {
            if (segment.startsWith("<") && segment.endsWith(">")) {
                if (!tail.isEmpty()) {
                    throw new IllegalArgumentException("literal between variables in " + text);
                }
                String name = segment.substring(1, segment.length() - 1);
                Kind kind = switch (name) {
                    case "domain" -> Kind.DOMAIN;
                    case "selector" -> Kind.LABEL;
                    default -> Kind.NAME;
                };
                variables.add(new Variable(name, kind));
            } else if (variables.isEmpty()) {
                head.add(segment);
            } else {
                tail.add(segment);
            }
        }
        if (variables.isEmpty() || variables.stream().filter(v -> v.kind() == Kind.DOMAIN).count() > 1) {
            throw new IllegalArgumentException("a family needs variables, at most one <domain>: " + text);
        }
        return new KeyPattern(text, head, variables, tail);
    }

    /**
     * Splits a key into this pattern's variables when its literals match and each variable has the right number
     * of segments; the variables' syntax is not checked here (see {@link #checkVariables}).
     */
    Optional<Map<String, String>> match(String key) {
        String[] segments = key.split("\\.", -1);
        return split(segments).filter(middle -> literalsMatch(segments)).map(this::bindVariables);
    }

    private boolean literalsMatch(String[] segments) {
        for (int i = 0; i < head.size(); i++) {
            if (!head.get(i).equals(segments[i])) {
                return false;
            }
        }
        for (int i = 0; i < tail.size(); i++) {
            if (!tail.get(i).equals(segments[segments.length - tail.size() + i])) {
                return false;
            }
        }
        return true;
    }

    /** The segments between head and tail, grouped per variable, if the count fits. */
    private Optional<List<String>> split(String[] segments) {
        int middle = segments.length - head.size() - tail.size();
        boolean hasDomain = variables.stream().anyMatch(v -> v.kind() == Kind.DOMAIN);
        if (hasDomain ? middle < variables.size() : middle != variables.size()) {
            return Optional.empty();
        }
        List<String> values = new ArrayList<>();
        int pos = head.size();
        for (Variable v : variables) {
            int width = v.kind() == Kind.DOMAIN ? middle - (variables.size() - 1) : 1;
            values.add(String.join(".", Arrays.asList(segments).subList(pos, pos + width)));
            pos += width;
        }
        return Optional.of(values);
    }

    private Map<String, String> bindVariables(List<String> values) {
        Map<String, String> bound = new LinkedHashMap<>();
        for (int i = 0; i < variables.size(); i++) {
            bound.put(variables.get(i).name(), values.get(i));
        }
        return bound;
    }

    /**
     * Checks the syntax of matched variables.
     *
     * @throws InvalidValueException naming the variable and what it may hold
     */
    void checkVariables(Map<String, String> values) {
        for (Variable v : variables) {
            String value = values.get(v.name());
            try {
                switch (v.kind()) {
                    case DOMAIN -> DomainNames.parse(value);
                    case LABEL -> DomainNames.checkLabel(value);
                    case NAME -> {
                        if (!NAME.matcher(value).matches()) {
                            throw new InvalidValueException("letters, digits, '-' and '_' only");
                        }
                    }
                }
            } catch (InvalidValueException e) {
                throw new InvalidValueException("<" + v.name() + "> '" + value + "' is not valid: " + e.getMessage());
            }
        }
    }

    /** The key for these variable values. */
    String instance(Map<String, String> values) {
        List<String> parts = new ArrayList<>(head);
        for (Variable v : variables) {
            parts.add(values.get(v.name()));
        }
        parts.addAll(tail);
        return String.join(".", parts);
    }

    /**
     * What a misspelt key would be if it were meant as a key of this family: this pattern's literals around the
     * key's own middle segments. Empty when the key has too few segments to hold the variables.
     */
    Optional<String> candidateFor(String key) {
        String[] segments = key.split("\\.", -1);
        return split(segments).map(values -> instance(bindVariables(values)));
    }
}
