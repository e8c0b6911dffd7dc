package dev.mta.daemon.metrics;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Whether the daemon can take mail: the listeners are bound, the spool can be written, and its file system has
 * more free space than {@code queue.free-space-reserve} (below it, MAIL gets {@code 452 4.3.1}). Touches the
 * disk: runs on the metrics server's threads, never an event loop.
 */
public final class HealthCheck {

    private final BooleanSupplier listening;
    private final Path spool;
    private final long reserveBytes;

    /**
     * @param listening    whether every listener is bound
     * @param spool        the queue directory
     * @param reserveBytes the free space the queue keeps on its file system
     */
    public HealthCheck(BooleanSupplier listening, Path spool, long reserveBytes) {
        this.listening = Objects.requireNonNull(listening, "listening");
        this.spool = Objects.requireNonNull(spool, "spool");
        this.reserveBytes = reserveBytes;
    }

    public Health check() {
        List<String> problems = new ArrayList<>();
        if (!listening.getAsBoolean()) {
            problems.add("the SMTP listeners are not bound");
        }
        try {
            // Files.isWritable() asks access(2), which says yes to root even on a read-only mount; only creating
            // a file tells the truth.
            Files.delete(Files.createTempFile(spool, ".mta-health-", ".tmp"));
        } catch (IOException e) {
            problems.add("queue directory " + spool + " is not writable: " + reason(e));
        }
        try {
            long usable = Files.getFileStore(spool).getUsableSpace();
            if (usable < reserveBytes) {
                problems.add("free space on the queue's file system (" + usable + " bytes) is below"
                        + " queue.free-space-reserve (" + reserveBytes + " bytes)");
            }
        } catch (IOException e) {
            problems.add("free space of queue directory " + spool + " cannot be read: " + reason(e));
        }
        return new Health(problems);
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.toString();
    }
}
