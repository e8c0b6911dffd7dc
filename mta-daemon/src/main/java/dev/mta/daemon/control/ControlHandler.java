package dev.mta.daemon.control;

import java.io.IOException;

/** Answers one control request; runs on a control worker thread, where it may block on the queue's disk I/O. */
@FunctionalInterface
public interface ControlHandler {

    /** Writes the answer to {@code request}: {@link ControlAnswer#ok()} and the output, or an error. */
    void handle(ControlRequest request, ControlAnswer answer) throws IOException;
}
