package dev.mta.daemon.control;

import java.io.IOException;

/** Another process answers on the control socket's path: most likely a daemon already running on this spool. */
public final class ControlSocketInUseException extends IOException {

    public ControlSocketInUseException(String message) {
        super(message);
    }
}
