package dev.mta.queue.record;

/** Stored bytes are not a valid record: the reason says why, in words an operator can act on. */
public class CorruptRecordException extends Exception {

    public CorruptRecordException(String reason) {
        super(reason);
    }

    public CorruptRecordException(String reason, Throwable cause) {
        super(reason, cause);
    }

    /** Why the record was refused. */
    public String reason() {
        return getMessage();
    }
}
