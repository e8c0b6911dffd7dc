package dev.mta.daemon.sendmail;

/**
 * The exit statuses of {@code mta sendmail}, from sysexits(3), which sendmail's callers interpret (a cron daemon
 * or a PHP script treats 75 as "try again later"). The README has this table.
 */
public enum SysExit {
    /** The daemon answered 250 to the end of the data: the message is queued durably. */
    OK(0),
    /** The command line is wrong: an unknown flag, a flag without its argument, a mode we do not have. */
    USAGE(64),
    /** The input is wrong: a malformed address, no recipient, a header section or line too long, or the daemon
     *  refused the sender or the message content (5xx). */
    DATAERR(65),
    /** The daemon refused a recipient permanently (5xx at RCPT); nothing was sent. */
    NOUSER(67),
    /** The daemon refused the session permanently (5xx to the greeting or EHLO). */
    UNAVAILABLE(69),
    /** Standard input could not be read. */
    IOERR(74),
    /** Try again later: the daemon is not running, the socket is missing, the connection broke or timed out, or
     *  the daemon answered 4xx. The caller still has the message. */
    TEMPFAIL(75),
    /** The daemon's answer was not SMTP. */
    PROTOCOL(76),
    /** The configuration file cannot be read or its keys for sendmail are invalid. */
    CONFIG(78);

    private final int code;

    SysExit(int code) {
        this.code = code;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }
}
