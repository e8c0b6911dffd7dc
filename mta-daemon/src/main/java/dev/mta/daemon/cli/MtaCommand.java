package dev.mta.daemon.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** The top-level {@code mta} command; on its own it only shows what it can do. */
@Command(name = "mta",
        // -h/--help, -V/--version and the exit status list on every subcommand too.
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = ManifestVersionProvider.class,
        description = "A mail transfer agent: SMTP submission and relay, a durable queue, DKIM signing, MX delivery.",
        subcommands = {RunCommand.class, CheckConfigCommand.class, UserCommand.class, DkimCommand.class,
                QueueCommand.class, SendmailCommand.class, VersionCommand.class, HelpCommand.class},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:done", "1:the operation failed", "2:usage or configuration error"})
public final class MtaCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** {@code mta} without a command is a usage error: show the usage on stderr. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mta: no command given");
        spec.commandLine().usage(spec.commandLine().getErr());
        return 2;
    }
}
