package dev.mta.daemon.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mta check-config} through picocli, as the command line runs it. */
class CheckConfigCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(Map<String, String> env, String... args) {
        CommandLine cmd = new CommandLine(new CheckConfigCommand(env));
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path config(String text) throws IOException {
        return Files.writeString(dir.resolve("mta.properties"), text);
    }

    private static String validConfig(Path dir) {
        return "hostname = mx.example.test\n"
                + "state.directory = " + dir.resolve("state") + "\n"
                + "queue.directory = " + dir.resolve("spool") + "\n"
                + "listeners = smtp\n"
                + "listener.smtp.address = 127.0.0.1:2525\n"
                + "tls.self-signed-if-missing = true\n"
                + "relayhost = [smtp.example.net]:587\n"
                + "relayhost.username = mta\n"
                + "relayhost.password = ${env:RELAY_PASSWORD}\n";
    }

    @Test
    void aValidFilePrintsEveryKeyInEffectAndExitsZero() throws IOException {
        Path file = config(validConfig(dir));
        int code = run(Map.of("RELAY_PASSWORD", "hunter2"), "--config", file.toString());
        assertEquals(0, code, err::toString);
        assertEquals("", err.toString());
        List<String> lines = Arrays.asList(out.toString().split("\\R"));
        assertTrue(lines.get(0).startsWith("# " + file + ": valid"), lines.get(0));
        assertTrue(lines.contains(line("hostname", "mx.example.test")), out::toString);
        assertTrue(lines.contains(line("listener.smtp.address", "127.0.0.1:2525")), out::toString);
        assertTrue(lines.contains(line("listener.smtp.role", "smtp") + "   (default)"), out::toString);
        assertTrue(lines.contains(line("limits.message-size", "35MiB") + "   (default)"), out::toString);
        assertTrue(lines.contains(line("queue.lifetime", "5d") + "   (default)"), out::toString);
        assertTrue(lines.contains(line("relayhost", "[smtp.example.net]:587")), out::toString);
    }

    @Test
    void secretsAreMaskedInThePrintedConfiguration() throws IOException {
        Path file = config(validConfig(dir));
        assertEquals(0, run(Map.of("RELAY_PASSWORD", "hunter2"), "-c", file.toString()), err::toString);
        assertFalse(out.toString().contains("hunter2"), out::toString);
        assertTrue(Arrays.asList(out.toString().split("\\R")).contains(line("relayhost.password", "********")),
                out::toString);
    }

    /**
     * The printed line: the key padded to the longest key in effect, which is
     * {@code limits.messages-per-connection}.
     */
    private static String line(String key, String value) {
        return String.format("%-30s = %s", key, value);
    }

    @Test
    void anInvalidFilePrintsEveryErrorOnStderrAndExitsTwo() throws IOException {
        Path file = config(validConfig(dir).replace("127.0.0.1:2525", "127.0.0.1:99999") + "hostnme = x\n");
        int code = run(Map.of(), "--config", file.toString());
        assertEquals(2, code);
        assertEquals("", out.toString());
        List<String> errors = Arrays.asList(err.toString().split("\\R"));
        assertEquals(List.of(
                file + ": hostnme: unknown key; did you mean `hostname`?",
                file + ": listener.smtp.address = 127.0.0.1:99999: port must be 0..65535",
                file + ": relayhost.password = ${env:RELAY_PASSWORD}: environment variable RELAY_PASSWORD is not set"
        ), errors.stream().sorted().toList());
    }

    @Test
    void aMissingFileIsAConfigurationErrorNamingIt() {
        Path file = dir.resolve("nowhere.properties");
        assertEquals(2, run(Map.of(), "--config", file.toString()));
        assertEquals(file + ": cannot read the configuration file: no such file", err.toString().strip());
    }

    @Test
    void theFileComesFromMtaConfigWhenNoOptionIsGiven() throws IOException {
        Path file = config(validConfig(dir));
        assertEquals(0, run(Map.of("MTA_CONFIG", file.toString(), "RELAY_PASSWORD", "x")), err::toString);
        assertTrue(out.toString().startsWith("# " + file + ": valid"), out::toString);
    }

    @Test
    void anUnknownOptionIsAUsageErrorExitingTwo() {
        assertEquals(2, run(Map.of(), "--no-such-option"));
        assertTrue(err.toString().contains("--no-such-option"), err::toString);
    }
}
