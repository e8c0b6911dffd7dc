package dev.mta.daemon;

import java.util.Objects;

/** The daemon cannot start; the message says why in words an operator can act on. */
public final class StartupException extends Exception {

    private final ExitStatus status;

    public StartupException(ExitStatus status, String message) {
        super(message);
        this.status = Objects.requireNonNull(status, "status");
    }

    public StartupException(ExitStatus status, String message, Throwable cause) {
        super(message, cause);
        this.status = Objects.requireNonNull(status, "status");
    }

    /** How the process should exit: {@link ExitStatus#USAGE} for configuration errors, else {@link ExitStatus#FAILED}. */
    public ExitStatus status() {
        return status;
    }
}
