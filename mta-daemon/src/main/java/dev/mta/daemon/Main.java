package dev.mta.daemon;

import dev.mta.daemon.cli.MtaCommand;
import dev.mta.daemon.cli.SendmailCommand;
import picocli.CommandLine;

import java.util.Arrays;

/** The {@code mta} executable: runs the command line and exits with its status (0 ok, 1 failed, 2 usage). */
public final class Main {

    /** The Logback configuration (logback.xml) picks its appender from this property. */
    static final String LOG_FORMAT_PROPERTY = "mta.log.format";

    private Main() {
    }

    public static void main(String[] args) {
        selectLogFormat();
        if (args.length > 0 && args[0].equals("sendmail")) {
            // sendmail's own command line, which picocli's conventions would misread (SendmailCommand).
            int status = SendmailCommand.run(Arrays.asList(args).subList(1, args.length));
            LogFlush.drain();
            System.exit(status);
        }
        int status = new CommandLine(new MtaCommand()).execute(args);
        LogFlush.drain();
        System.exit(status);
    }

    /**
     * Under systemd, stdout goes to the journal, which stamps each line itself: systemd sets JOURNAL_STREAM
     * then (systemd.exec(5)), and the log lines leave out their own timestamp. Set before the first logger is
     * made, since Logback reads its configuration then; an explicit -Dmta.log.format wins.
     */
    private static void selectLogFormat() {
        if (System.getProperty(LOG_FORMAT_PROPERTY) == null) {
            System.setProperty(LOG_FORMAT_PROPERTY, System.getenv("JOURNAL_STREAM") != null ? "journal" : "console");
        }
    }
}
