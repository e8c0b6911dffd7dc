package dev.mta.daemon.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes small configuration files for tests: a valid base, with keys changed, added or removed. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** A valid configuration: one loopback listener on any port, self-signed TLS and state under {@code dir}. */
    static Map<String, String> base(Path dir) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("hostname", "mx.example.test");
        p.put("state.directory", dir.resolve("state").toString());
        p.put("queue.directory", dir.resolve("spool").toString());
        p.put("listeners", "smtp");
        p.put("listener.smtp.address", "127.0.0.1:0");
        p.put("tls.certificate", "");
        p.put("tls.key", "");
        p.put("tls.self-signed-if-missing", "true");
        p.put("submission.socket", dir.resolve("submit.sock").toString());
        return p;
    }

    /**
     * Writes {@code base} with {@code changes} applied (a change to {@code null} removes the key) as
     * {@code name} in {@code dir}. Values are written as given, so {@code \\u0007} in a value is an escape.
     */
    static Path write(Path dir, String name, Map<String, String> base, Map<String, String> changes) {
        Map<String, String> p = new LinkedHashMap<>(base);
        changes.forEach((k, v) -> {
            if (v == null) {
                p.remove(k);
            } else {
                p.put(k, v);
            }
        });
        StringBuilder text = new StringBuilder("# written by a test\n");
        p.forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
        return writeText(dir, name, text.toString());
    }

    /** Key-value pairs in order; a {@code null} value removes the key from the base. */
    static Map<String, String> changes(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    static Path writeText(Path dir, String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
