package dev.mta.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Configuration files for tests: a properties file from this package's test resources, written with the fixed
 * keys, its {@code @TMP@} replaced by the test's temporary folder and other {@code @NAME@} tokens by the values
 * given.
 */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static Path write(Path directory, String resource) {
        return write(directory, resource, Map.of());
    }

    public static Path write(Path directory, String resource, Map<String, String> tokens) {
        try (InputStream in = TestConfigs.class.getResourceAsStream("/dev/mta/daemon/" + resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)
                    .replace("@TMP@", directory.toAbsolutePath().toString());
            for (Map.Entry<String, String> token : tokens.entrySet()) {
                text = text.replace("@" + token.getKey() + "@", token.getValue());
            }
            return Files.writeString(directory.resolve(resource), text, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
