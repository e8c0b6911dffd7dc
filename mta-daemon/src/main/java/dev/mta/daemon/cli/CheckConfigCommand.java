package dev.mta.daemon.cli;

import dev.mta.daemon.config.ConfigException;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.EffectiveSetting;
import dev.mta.daemon.config.LoadedConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code mta check-config [--config FILE]}: validates the configuration file without starting anything. Prints
 * the effective configuration (every key, its value, and whether that is the default; secrets masked) and exits
 * 0; or prints every error on stderr, one per line, and exits 2.
 */
@Command(name = "check-config",
        description = {"Check the configuration file and print the effective configuration.",
                "Exit status: 0 valid, 2 invalid (every error is printed on stderr)."})
public final class CheckConfigCommand implements Callable<Integer> {

    static final String DEFAULT_CONFIG = "/etc/mta/mta.properties";
    private static final int OK = 0;
    private static final int CONFIG_ERROR = 2;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
            description = "the configuration file (default: $MTA_CONFIG when set, else " + DEFAULT_CONFIG + ")")
    private Path config;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help and exit")
    private boolean help;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> environment;

    public CheckConfigCommand() {
        this(System.getenv());
    }

    /** With the environment that {@code ${env:VAR}} and {@code MTA_CONFIG} are read from (tests give their own). */
    public CheckConfigCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path file = config != null ? config : Path.of(environment.getOrDefault("MTA_CONFIG", DEFAULT_CONFIG));
        LoadedConfig loaded;
        try {
            loaded = ConfigLoader.check(file, environment);
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            err.flush();
            return CONFIG_ERROR;
        }
        int width = loaded.effective().stream().mapToInt(s -> s.key().length()).max().orElse(0);
        out.println("# " + file + ": valid; every key in effect, (default) where the file does not set it");
        for (EffectiveSetting s : loaded.effective()) {
            String line = String.format("%-" + width + "s = %s", s.key(), s.value());
            out.println(s.isDefault() ? line + "   (default)" : line);
        }
        out.flush();
        return OK;
    }
}
