package dev.mta.core.tls;

import java.nio.file.Path;
import java.util.Objects;

/** A PEM file cannot be used as TLS material; the message names the file and what is wrong with it. */
public final class TlsMaterialException extends Exception {

    private final transient Path file;

    public TlsMaterialException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = Objects.requireNonNull(file, "file");
    }

    public TlsMaterialException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = Objects.requireNonNull(file, "file");
    }

    /** The file at fault. */
    public Path file() {
        return file;
    }
}
