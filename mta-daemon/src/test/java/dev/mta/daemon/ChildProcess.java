package dev.mta.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A process whose stdout lines are collected as they come, so a test can wait for a line (with a deadline that
 * only guards against a hang) and read everything afterwards. Stderr goes to a file.
 */
final class ChildProcess implements AutoCloseable {

    /** Long enough for a JVM to start on a loaded 2-core machine; a guard, never a measurement. */
    static final Duration GUARD = Duration.ofSeconds(60);

    private final Process process;
    private final Path stderr;
    private final BlockingQueue<String> unread = new LinkedBlockingQueue<>();
    private final List<String> lines = new ArrayList<>();
    private final CountDownLatch drained = new CountDownLatch(1);

    private ChildProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    unread.add(line);
                }
            } catch (IOException e) {
                unread.add("(reading stdout failed: " + e + ")");
            } finally {
                drained.countDown();
            }
        }, "child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    static ChildProcess start(Path workDirectory, List<String> command, Consumer<java.util.Map<String, String>> env)
            throws IOException {
        Path stderr = Files.createTempFile(workDirectory, "stderr-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workDirectory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectError(stderr.toFile());
        env.accept(builder.environment());
        return new ChildProcess(builder.start(), stderr);
    }

    /** Waits for a stdout line that matches; fails with everything seen so far if none comes before the guard. */
    synchronized String awaitLine(Predicate<String> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        for (String line : lines) {
            if (wanted.test(line)) {
                return line;
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? unread.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError("no such line within " + GUARD + "; stdout: " + lines + "; stderr: "
                        + stderr());
            }
            lines.add(line);
            if (wanted.test(line)) {
                return line;
            }
        }
    }

    /** Waits for the process to end and returns its exit status. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(GUARD.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + GUARD + "; stdout so far: " + lines);
        }
        return process.exitValue();
    }

    /** Every stdout line; call it after {@link #awaitExit()}. */
    synchronized List<String> stdout() throws InterruptedException {
        if (!drained.await(GUARD.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("stdout still open after " + GUARD);
        }
        unread.drainTo(lines);
        return List.copyOf(lines);
    }

    String stderr() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    /**
     * SIGTERM, as systemd stops a service. Through the process handle: {@code Process.destroy()} sends the same
     * signal but also closes our end of the child's stdout, and the lines it writes while stopping are wanted.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
