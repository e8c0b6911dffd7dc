package dev.mta.daemon.config;

import java.util.List;

/** The configuration is invalid; {@link #errors()} lists every problem found, each naming file, key and value. */
public class ConfigException extends Exception {

    private final List<String> errors;

    public ConfigException(List<String> errors) {
        super(String.join(System.lineSeparator(), errors));
        this.errors = List.copyOf(errors);
    }

    public List<String> errors() {
        return errors;
    }
}
