package dev.mta.daemon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Objects;

/**
 * Stops the daemon on SIGTERM (systemd's stop) and SIGINT (Ctrl-C), and ends the process with status 0.
 *
 * <p>Why not just a shutdown hook: the JVM answers SIGTERM by starting its shutdown with status 143 (128 + 15)
 * and SIGINT with 130, and no hook can change that status; DESIGN.md wants a clean stop to exit 0, and systemd
 * would otherwise log every stop as a failure. Replacing the JVM's signal handler needs
 * {@code sun.misc.Signal}, an internal API that javac warns about and the JDK may remove. So the hook does the
 * whole graceful stop itself and then ends the JVM with {@link Runtime#halt(int) halt(0)}: by then every
 * resource of ours is closed and the stopped line is flushed, and halting only skips the rest of the JVM's
 * shutdown sequence, which has nothing of ours left to do.
 *
 * <p>The hook must only run for a signal: a process that exits on its own (a failed start, a stop asked for
 * another way) {@link #uninstall() uninstalls} it first, so that its own exit status stands.
 */
public final class ExitZeroOnSignal {

    private static final Logger log = LoggerFactory.getLogger(ExitZeroOnSignal.class);

    private final Thread hook;

    /** @param stop stops everything and returns when done; it runs on the JVM's shutdown-hook thread */
    public ExitZeroOnSignal(Runnable stop) {
        Objects.requireNonNull(stop, "stop");
        this.hook = new Thread(() -> {
            int status = ExitStatus.OK.code();
            try {
                stop.run();
            } catch (RuntimeException | Error e) {
                log.error("stop failed", e);
                status = ExitStatus.FAILED.code();
            }
            LogFlush.drain();
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(status);
        }, "mta-stop");
    }

    public void install() {
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Removes the hook; does nothing once the JVM is shutting down (the hook is then already running). */
    public void uninstall() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shutdownInProgress) {
            // The hook runs or has run; it decides the exit status.
        }
    }
}
