package dev.mta.queue;

import java.io.IOException;

/**
 * One unit of work for the {@link SegmentLog}'s committer thread: it appends its frames, and is told
 * afterwards whether the sync that covers them succeeded. Both calls run on the committer thread and must be
 * short; completing a caller's future is handed to another executor.
 */
interface LogJob {

    /**
     * Appends this job's frames. An {@link IOException} fails the whole batch (the log is in doubt); any
     * other exception fails only this job, and then nothing may have been appended.
     */
    void append(SegmentLog.Appender appender) throws IOException;

    /** The frames are durable. */
    void succeeded();

    /** The frames are not durable and never will be; nothing was acknowledged. */
    void failed(Throwable cause);
}
