package dev.mta.core.sink;

/** The sink cannot take a message now: a temporary condition, such as a disk below its free-space reserve. */
public class SinkUnavailableException extends Exception {

    public SinkUnavailableException(String message) {
        super(message);
    }

    public SinkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
