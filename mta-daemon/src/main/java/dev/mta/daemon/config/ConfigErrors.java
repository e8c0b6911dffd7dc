package dev.mta.daemon.config;

import dev.mta.core.config.Secret;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every configuration error, each on one line and naming the file: {@code FILE: KEY = VALUE: what is
 * wrong and what is allowed}. Values are shown with control characters escaped, and secrets masked.
 */
final class ConfigErrors {

    private final String file;
    private final List<String> messages = new ArrayList<>();

    ConfigErrors(String file) {
        this.file = file;
    }

    /** A bad value. */
    void value(String key, String value, boolean secret, String message) {
        messages.add(file + ": " + key + " = " + show(value, secret) + ": " + message);
    }

    /** A problem with a key as such (unknown, given twice, missing). */
    void key(String key, String message) {
        messages.add(file + ": " + printable(key) + ": " + message);
    }

    /** A problem with the file as a whole. */
    void file(String message) {
        messages.add(file + ": " + message);
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    List<String> list() {
        return List.copyOf(messages);
    }

    /** A value as errors and the printed configuration show it. */
    static String show(String value, boolean secret) {
        if (value.isEmpty()) {
            return "\"\"";
        }
        // A reference to the environment is no secret; the text it stands for is.
        if (secret && !(value.startsWith("${env:") && value.endsWith("}"))) {
            return Secret.MASK;
        }
        return printable(value);
    }

    /** Control characters escaped, so that one error stays one line. */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
