package dev.mta.daemon;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/**
 * Writes out the log lines still queued in the asynchronous appender (logback.xml) before the process ends:
 * {@code System.exit} and {@code Runtime.halt} do not wait for it, and the last lines (the stopped line, the
 * reason a start failed) are the ones an operator reads first.
 */
public final class LogFlush {

    private LogFlush() {
    }

    /** Stops the logging system, which drains its queue; later log calls are dropped. */
    public static void drain() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.stop();
        }
    }
}
