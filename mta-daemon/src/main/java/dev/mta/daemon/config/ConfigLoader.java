package dev.mta.daemon.config;

import java.nio.file.Path;
import java.util.Map;

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
}
