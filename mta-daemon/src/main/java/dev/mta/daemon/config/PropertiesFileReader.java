package dev.mta.daemon.config;

import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationRuntimeException;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the lines of a properties file with Commons Configuration's reader: comments, continuation lines,
 * {@code =}, {@code :} or blank separators and escapes as the format defines them. Every property is returned
 * in file order, including {@code include} (which {@code PropertiesConfiguration} would act on) and keys given
 * twice (which it would merge into a list), so that the binder can refuse both. The file must be UTF-8.
 */
final class PropertiesFileReader {

    private PropertiesFileReader() {
    }

    static List<RawProperty> read(Path file) throws ConfigException {
        String text;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(List.of(file + ": cannot read the configuration file: it is a directory"));
            }
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new ConfigException(List.of(file + ": cannot read the configuration file: no such file"));
        } catch (AccessDeniedException e) {
            throw new ConfigException(List.of(file + ": cannot read the configuration file: permission denied"));
        } catch (CharacterCodingException e) {
            throw new ConfigException(List.of(file + ": cannot read the configuration file: it is not UTF-8"));
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read the configuration file: " + e));
        }
        List<RawProperty> properties = new ArrayList<>();
        try (PropertiesConfiguration.PropertiesReader reader =
                     new PropertiesConfiguration.PropertiesReader(new StringReader(text))) {
            while (reader.nextProperty()) {
                properties.add(new RawProperty(reader.getPropertyName(), reader.getPropertyValue(),
                        reader.getLineNumber()));
            }
        } catch (IOException | IllegalArgumentException | ConfigurationRuntimeException e) {
            // A malformed \\uXXXX escape ends up as a ConfigurationRuntimeException.
            throw new ConfigException(List.of(file + ": cannot read the configuration file: " + e.getMessage()));
        }
        return properties;
    }
}
