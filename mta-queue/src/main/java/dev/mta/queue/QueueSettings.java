package dev.mta.queue;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the queue is configured.
 *
 * @param directory the spool directory
 */
public record QueueSettings(Path directory) {

    public QueueSettings {
        Objects.requireNonNull(directory, "directory");
    }
}
