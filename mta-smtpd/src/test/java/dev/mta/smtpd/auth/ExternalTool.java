package dev.mta.smtpd.auth;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs another implementation's tool for an interop test; the test is skipped, with the reason, without it. */
final class ExternalTool {

    private ExternalTool() {
    }

    /** Debian's python3 (where apt's python3-argon2 and python3-bcrypt live) if present, else the one on PATH. */
    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    /**
     * Runs the command and returns its standard output, trimmed; skips the test when the tool cannot be started
     * or exits with an error (typically a missing module), naming the package that provides it.
     */
    static String run(String providedBy, String... command) {
        List<String> argv = new ArrayList<>(List.of(command));
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        } catch (IOException e) {
            Assumptions.abort(argv.get(0) + " is not installed (Debian package " + providedBy + ")");
            throw new AssertionError(e);
        }
        try {
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(argv + " did not finish");
            }
            String text = new String(output, StandardCharsets.UTF_8).trim();
            Assumptions.assumeTrue(process.exitValue() == 0,
                    () -> argv.get(0) + " failed, is Debian package " + providedBy + " installed? " + text);
            return text;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
