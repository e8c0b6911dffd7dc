package dev.mta.daemon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code mta version}: the same as {@code mta --version}, as a command for scripts that prefer one. */
@Command(name = "version", description = "Print the mta and Java versions.")
public final class VersionCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String line : new ManifestVersionProvider().getVersion()) {
            out.println(line);
        }
        out.flush();
        return 0;
    }
}
