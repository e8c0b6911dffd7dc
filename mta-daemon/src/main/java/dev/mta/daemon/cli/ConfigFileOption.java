package dev.mta.daemon.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --config FILE} ({@code -c}), shared by every command that reads the configuration. */
public final class ConfigFileOption {

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            defaultValue = "${env:MTA_CONFIG:-/etc/mta/mta.properties}",
            description = "The configuration file (default: $MTA_CONFIG, else /etc/mta/mta.properties; now ${DEFAULT-VALUE}).")
    private Path file;

    /** The configuration file to read. */
    public Path file() {
        return file;
    }
}
