package dev.mta.daemon.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Loads and validates the configuration file. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    /**
     * Loads the file, interpolating {@code ${env:VAR}} from the process environment.
     *
     * @throws ConfigException listing every error found, each naming the file, the key and the value
     */
    public static MtaConfig load(Path file) throws ConfigException {
        return load(file, System.getenv());
    }

    /**
     * Loads the file, interpolating {@code ${env:VAR}} from the given environment.
     *
     * @throws ConfigException listing every error found, each naming the file, the key and the value
     */
    public static MtaConfig load(Path file, Map<String, String> environment) throws ConfigException {
        return check(file, environment).config();
    }

    /**
     * Loads the file and also returns the effective value of every key, for {@code mta check-config}.
     *
     * @throws ConfigException listing every error found, each naming the file, the key and the value
     */
    public static LoadedConfig check(Path file, Map<String, String> environment) throws ConfigException {
        return new ConfigBinder(MtaKeys.REGISTRY, file, new EnvInterpolator(environment),
                PropertiesFileReader.read(file)).bind();
    }

    /**
     * Only what {@code mta sendmail} needs: the socket, the origin domain and the host name it derives from. The
     * rest of the file is not checked here (and no {@code ${env:...}} is resolved), so a key sendmail does not
     * use, or a secret only the daemon's environment has, cannot stop local mail.
     *
     * @throws ConfigException when the file cannot be read, or one of these keys is missing or invalid
     */
    public static LocalSubmissionSettings localSubmission(Path file) throws ConfigException {
        Map<String, String> values = new HashMap<>();
        for (RawProperty property : PropertiesFileReader.read(file)) {
            values.put(property.key(), property.value().strip());
        }
        List<String> errors = new ArrayList<>();
        Optional<String> hostname = value(file, MtaKeys.HOSTNAME, values, errors);
        Optional<Optional<Path>> socket = value(file, MtaKeys.SUBMISSION_SOCKET, values, errors);
        Optional<Optional<String>> origin = value(file, MtaKeys.ORIGIN_DOMAIN, values, errors);
        if (hostname.isEmpty() && errors.isEmpty()) {
            errors.add(file + ": hostname is not set");
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return new LocalSubmissionSettings(socket.orElseThrow(),
                origin.orElseThrow().orElseGet(() -> LocalSubmissionSettings.originOf(hostname.orElseThrow())));
    }

    private static <T> Optional<T> value(Path file, ConfigKey<T> key, Map<String, String> values,
                                         List<String> errors) {
        Optional<String> text = Optional.ofNullable(values.get(key.name())).or(key::defaultValue);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(key.type().parse(text.get()));
        } catch (RuntimeException e) {
            errors.add(file + ": " + key.name() + " = " + text.get() + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
