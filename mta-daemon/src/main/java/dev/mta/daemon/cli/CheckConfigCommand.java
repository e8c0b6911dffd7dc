package dev.mta.daemon.cli;

import dev.mta.daemon.config.ConfigException;
import dev.mta.daemon.config.ConfigLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code mta check-config}: PLACEHOLDER until the configuration work lands; reports whether the file loads. */
@Command(name = "check-config", description = "Check the configuration file and report every error (exit 2 if there are any).")
public final class CheckConfigCommand implements Callable<Integer> {

    @Mixin
    private ConfigFileOption config;

    @Spec
    private CommandSpec spec;

    public CheckConfigCommand() {
    }

    @Override
    public Integer call() {
        try {
            ConfigLoader.load(config.file());
        } catch (ConfigException e) {
            PrintWriter err = spec.commandLine().getErr();
            e.errors().forEach(err::println);
            err.flush();
            return 2;
        }
        spec.commandLine().getOut().println(config.file() + ": ok");
        spec.commandLine().getOut().flush();
        return 0;
    }
}
