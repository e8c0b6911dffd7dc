package dev.mta.daemon.cli;

import dev.mta.daemon.sendmail.Sendmail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code mta sendmail} (and {@code sendmail}, through the launcher's link): listed here for {@code mta --help}.
 * Its command line is sendmail's, not picocli's ({@code -oi}, {@code -fADDR}, {@code -h} is a hop count), so
 * {@link dev.mta.daemon.Main} hands the arguments to {@link Sendmail} before picocli sees them; this class only
 * runs when picocli does get there, and then does the same.
 */
@Command(name = "sendmail",
        description = {"Send a message read on standard input through the running daemon (sendmail-compatible:"
                + " -t, -f ADDR, -F NAME, -i/-oi, recipients as arguments).",
                "Exit status (sysexits): 0 queued, 64 usage, 65 bad input, 67 recipient refused,"
                        + " 75 try again later (daemon down or 4xx), 78 configuration unreadable."})
public final class SendmailCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "sendmail options and recipients")
    private List<String> arguments = List.of();

    @Override
    public Integer call() {
        return run(arguments);
    }

    /** Runs sendmail with the process's standard streams, configuration default and user. */
    public static int run(List<String> arguments) {
        String config = System.getenv("MTA_CONFIG");
        return new Sendmail(Path.of(config == null || config.isEmpty() ? "/etc/mta/mta.properties" : config),
                System.getProperty("user.name"), System.err).run(arguments, System.in);
    }
}
