package dev.mta.daemon;

import dev.mta.daemon.systemd.NotifySocketReceiver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The real daemon as a child JVM, as systemd runs it: {@code dev.mta.daemon.Main run --config F}, stopped by a
 * signal. The exit status of a clean stop must be 0 (DESIGN.md), which a plain JVM would not give.
 */
class DaemonProcessIT {

    private static final Pattern LISTENING =
            Pattern.compile("INFO Daemon: listening on 127\\.0\\.0\\.1:(\\d+) \\((smtp|submission|submissions)\\)");
    private static final Pattern TIMESTAMPED = Pattern.compile("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} [A-Z]+ .*");

    @TempDir
    Path tmp;

    @Test
    void sigtermStopsListenersAndExitsZero() throws Exception {
        Path config = TestConfigs.write(tmp, "daemon.properties");
        try (ChildProcess daemon = startDaemon(config, env -> env.remove("JOURNAL_STREAM"))) {
            daemon.awaitLine(line -> line.endsWith("INFO Daemon: ready: 3 listeners for localhost, epoll transport")
                    || line.endsWith("INFO Daemon: ready: 3 listeners for localhost, nio transport"));
            List<Integer> ports = listeningPorts(daemon);
            assertEquals(3, ports.size(), "one line per listener");
            assertEquals("220 localhost ESMTP\r\n",
                    firstLine(ports.get(0)));

            daemon.terminate();

            assertEquals(0, daemon.awaitExit(), "exit status after SIGTERM; stderr: " + daemon.stderr());
            List<String> stdout = daemon.stdout();
            assertTrue(stdout.get(stdout.size() - 1).endsWith("INFO Daemon: stopped"), stdout.toString());
            assertTrue(stdout.stream().allMatch(line -> TIMESTAMPED.matcher(line).matches()),
                    "a timestamp on every line outside the journal: " + stdout);
            assertEquals("", daemon.stderr());
        }
    }

    @Test
    void underSystemdSaysReadyOnceServingAndStoppingOnSigterm() throws Exception {
        Path config = TestConfigs.write(tmp, "daemon.properties");
        String socket = tmp.resolve("notify").toString();
        try (NotifySocketReceiver systemd = NotifySocketReceiver.atPath(socket);
             ChildProcess daemon = startDaemon(config, env -> env.put("NOTIFY_SOCKET", socket))) {
            assertEquals("STATUS=starting", systemd.next());
            String ready = systemd.next();
            Matcher serving = Pattern.compile("READY=1\nSTATUS=serving on 127\\.0\\.0\\.1:(\\d+), .*")
                    .matcher(ready);
            assertTrue(serving.matches(), ready);
            assertEquals("220 localhost ESMTP\r\n", firstLine(Integer.parseInt(serving.group(1))));

            daemon.terminate();

            assertEquals("STOPPING=1\nSTATUS=stopping: finishing deliveries in flight", systemd.next());
            assertEquals(0, daemon.awaitExit(), "exit status after SIGTERM; stderr: " + daemon.stderr());
        }
    }

    @Test
    void sigintStopsLikeSigtermAndJournalLinesCarryNoTimestamp() throws Exception {
        assumeFalse(sigintIgnored(), "SIGINT is ignored in this process tree (a non-interactive shell started it in "
                + "the background), so a child JVM would ignore it too");
        Path config = TestConfigs.write(tmp, "daemon.properties");
        try (ChildProcess daemon = startDaemon(config, env -> env.put("JOURNAL_STREAM", "8:12345"))) {
            daemon.awaitLine(line -> line.startsWith("INFO Daemon: ready: "));

            // The shell's built-in kill: a minimal Debian has no kill binary (procps).
            Process kill = new ProcessBuilder("sh", "-c", "kill -INT " + daemon.pid()).inheritIO().start();
            assertEquals(0, kill.waitFor());

            assertEquals(0, daemon.awaitExit(), "exit status after SIGINT; stderr: " + daemon.stderr());
            List<String> stdout = daemon.stdout();
            assertEquals("INFO Daemon: stopped", stdout.get(stdout.size() - 1));
            assertTrue(stdout.stream().allMatch(line -> line.matches("(INFO|WARN|ERROR) [A-Za-z]+: .*")),
                    "journald stamps lines itself: " + stdout);
        }
    }

    @Test
    void sighupReloadsTheAliasesAndTheDaemonRunsOn() throws Exception {
        Path aliases = Files.writeString(tmp.resolve("aliases"), "root: admin@example.test\n");
        Path recipients = Files.writeString(tmp.resolve("recipients"), "known@ours.test\n");
        Path config = TestConfigs.write(tmp, "daemon.properties");
        Files.writeString(config, "aliases.file = " + aliases + "\ndomains = ours.test\n"
                + "domain.ours.test.recipients = " + recipients + "\n", java.nio.file.StandardOpenOption.APPEND);
        try (ChildProcess daemon = startDaemon(config, env -> env.remove("JOURNAL_STREAM"))) {
            daemon.awaitLine(line -> line.contains("INFO Daemon: ready: "));
            int smtp = listeningPorts(daemon).get(0);
            assertEquals("550", rcptReply(smtp, "ops@ours.test").substring(0, 3), "not an alias yet");

            Files.writeString(aliases, "root: admin@example.test\nops: root\n");
            Process kill = new ProcessBuilder("sh", "-c", "kill -HUP " + daemon.pid()).inheritIO().start();
            assertEquals(0, kill.waitFor());
            daemon.awaitLine(line -> line.endsWith("INFO Daemon: reloaded"));

            assertEquals("250", rcptReply(smtp, "ops@ours.test").substring(0, 3), "an alias after SIGHUP");
            daemon.terminate();
            assertEquals(0, daemon.awaitExit(), "SIGHUP did not end the JVM; stderr: " + daemon.stderr());
        }
    }

    /** The reply to RCPT TO for one recipient, in a fresh session. */
    private static String rcptReply(int port, String recipient) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            socket.getOutputStream().write(("EHLO c.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<" + recipient
                    + ">\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            String last = "";
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int lines = 0;
            for (int b = in.read(); b != -1; b = in.read()) {
                line.write(b);
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.US_ASCII);
                    line.reset();
                    if (text.length() > 3 && text.charAt(3) == ' ' && ++lines == 4) {
                        return text;
                    }
                    last = text;
                }
            }
            return last;
        }
    }

    @Test
    void configurationErrorExitsTwoBeforeAnythingStarts() throws Exception {
        Path config = TestConfigs.write(tmp, "invalid.properties");
        try (ChildProcess daemon = startDaemon(config, env -> { })) {
            assertEquals(2, daemon.awaitExit());
            assertTrue(daemon.stderr().contains(config + ": listener.smtp.role = relay"), daemon.stderr());
            assertEquals(List.of(), daemon.stdout());
        }
    }

    private ChildProcess startDaemon(Path config, Consumer<Map<String, String>> env) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of("run", "--config", config.toString()));
        return ChildProcess.start(tmp, command, env);
    }

    private static List<Integer> listeningPorts(ChildProcess daemon) throws InterruptedException {
        List<Integer> ports = new ArrayList<>();
        for (String role : List.of("smtp", "submission", "submissions")) {
            Matcher m = LISTENING.matcher(daemon.awaitLine(line -> line.endsWith("(" + role + ")")));
            if (m.find()) {
                ports.add(Integer.parseInt(m.group(1)));
            }
        }
        return ports;
    }

    private static String firstLine(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1; b = in.read()) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }

    /** Whether SIGINT (signal 2) is in this process's ignored set, which children inherit across exec. */
    private static boolean sigintIgnored() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }
}
