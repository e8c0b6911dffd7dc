package dev.mta.daemon.control;

import java.io.IOException;

/** Nothing answers on the control socket: no socket file, or one nobody listens on. */
public final class DaemonNotRunningException extends IOException {

    public DaemonNotRunningException(String message, Throwable cause) {
        super(message, cause);
    }
}
