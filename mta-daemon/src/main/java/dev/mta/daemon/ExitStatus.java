package dev.mta.daemon;

/**
 * The exit statuses of every mta command but {@code sendmail}. systemd's {@code RestartPreventExitStatus=2}
 * relies on {@link #USAGE}: restarting cannot fix a configuration error.
 */
public enum ExitStatus {
    /** Done. */
    OK(0),
    /** The operation failed: a directory cannot be written, a port cannot be bound. */
    FAILED(1),
    /** The command line or the configuration is wrong, including a certificate or key file it names. */
    USAGE(2);

    private final int code;

    ExitStatus(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
