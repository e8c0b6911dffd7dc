package dev.mta.daemon.sendmail;

import java.util.Objects;

/** Why {@code mta sendmail} gives up, and the exit status that says so. The message goes to stderr. */
public final class SendmailException extends Exception {

    private final transient SysExit status;

    public SendmailException(SysExit status, String message) {
        super(message);
        this.status = Objects.requireNonNull(status, "status");
    }

    public SendmailException(SysExit status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    public SysExit status() {
        return status;
    }
}
