package dev.mta.daemon;

import dev.mta.daemon.cli.MtaCommand;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedResponse;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import dev.mta.testkit.smtp.Verb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queue commands against a real daemon on loopback, over its control socket, with delivery to a scripted SMTP
 * server that first answers 451 at RCPT: flush makes a deferred recipient go now (the retry would be minutes
 * away), a held message is not delivered and a released one is, delete removes, and list and show also read the
 * spool of a stopped daemon.
 */
class QueueCommandsDaemonTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DEFER = "451 4.3.0 try again later";

    @TempDir
    Path tmp;

    private ScriptedSmtpServer sink;
    private Path configFile;
    private MtaConfig config;
    private final List<Daemon> started = new ArrayList<>();

    /** What one {@code mta} run printed. */
    private record Run(int status, String out, String err) {
    }

    @BeforeEach
    void sinkAndConfig() throws Exception {
        sink = ScriptedSmtpServer.start();
        configFile = TestConfigs.write(tmp, "relay.properties",
                Map.of("SINKPORT", String.valueOf(sink.address().getPort())));
        config = ConfigLoader.load(configFile);
    }

    @AfterEach
    void stop() {
        started.forEach(Daemon::stop);
        sink.close();
    }

    @Test
    void flushHoldReleaseAndDeleteChangeWhatIsQueuedAndWhatIsDelivered() throws Exception {
        sink.script(Verb.RCPT, ScriptedResponse.reply(DEFER), ScriptedResponse.reply(DEFER),
                ScriptedResponse.reply(DEFER));
        InetSocketAddress smtp = start().get(0);
        String a = submit(smtp, "Subject: A\r\n\r\nbody of A\r\n");
        String b = submit(smtp, "Subject: B\r\n\r\nbody of B\r\n");
        String d = submit(smtp, "Subject: D\r\n\r\nbody of D\r\n");
        awaitQueue(json -> count(json, "\"state\": \"deferred\"") == 3, "three deferred messages");

        Run show = mta("queue", "show", a);
        assertEquals(0, show.status(), show.err());
        assertTrue(show.out().contains("recipient: bob@example.test  deferred, 1 attempt"), show.out());
        assertTrue(show.out().contains("    last reply: " + DEFER), show.out());
        assertTrue(show.out().contains("-- headers --\n"), show.out());
        assertTrue(show.out().contains("\nSubject: A\n"), show.out());
        assertFalse(show.out().contains("body of A"), "no body without --body");
        Run body = mta("queue", "show", "--body", a);
        assertTrue(body.out().contains("-- body --\nbody of A\n"), body.out());

        Run list = mta("queue", "list");
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().startsWith("Queue ID"), list.out());
        assertTrue(list.out().contains("-- 3 messages, "), list.out());
        assertTrue(list.out().contains("<alice@localhost>"), list.out());

        assertEquals(new Run(0, b + ": held\n", ""), mta("queue", "hold", b));
        assertEquals(new Run(0, d + ": deleted\n", ""), mta("queue", "delete", d));
        Run gone = mta("queue", "show", d);
        assertEquals(1, gone.status());
        assertTrue(gone.err().contains(d + ": not in the queue"), gone.err());

        // The next retry is minutes away; only the flush makes A go now. B is held: flushed, but not sent.
        assertEquals(new Run(0, "2 messages flushed\n", ""), mta("queue", "flush"));
        RecordedTransaction sent = sink.takeTransaction(WAIT);
        assertTrue(new String(sent.content(), StandardCharsets.UTF_8).contains("Subject: A\r\n"));
        awaitQueue(json -> !json.contains(a), a + " delivered and gone");
        assertTrue(sink.pollTransaction().isEmpty(), "the held message was not delivered");
        String held = mta("queue", "list", "--json").out();
        assertTrue(held.contains("\"id\": \"" + b + "\"") && held.contains("\"held\": true"), held);

        assertEquals(new Run(0, b + ": released\n", ""), mta("queue", "release", b));
        assertEquals(new Run(0, b + ": flushed\n", ""), mta("queue", "flush", b));
        RecordedTransaction released = sink.takeTransaction(WAIT);
        assertTrue(new String(released.content(), StandardCharsets.UTF_8).contains("Subject: B\r\n"));
        awaitQueue(json -> json.contains("\"count\": 0"), "an empty queue");
        assertEquals(new Run(0, "Mail queue is empty\n", ""), mta("queue", "list"));
    }

    @Test
    void deleteAllDeferredAndBySender() throws Exception {
        sink.script(Verb.RCPT, ScriptedResponse.reply(DEFER), ScriptedResponse.reply(DEFER));
        InetSocketAddress smtp = start().get(0);
        String first = submit(smtp, "Subject: 1\r\n\r\none\r\n");
        String second = submit(smtp, "Subject: 2\r\n\r\ntwo\r\n");
        awaitQueue(json -> count(json, "\"state\": \"deferred\"") == 2, "two deferred messages");

        assertEquals(new Run(0, "0 messages deleted\n", ""), mta("queue", "delete", "--from", "nobody@localhost"));
        Run bySender = mta("queue", "delete", "--from", "<ALICE@localhost>");
        assertEquals(new Run(0, first + ": deleted\n" + second + ": deleted\n2 messages deleted\n", ""), bySender);
        assertEquals(new Run(0, "0 messages deleted\n", ""), mta("queue", "delete", "--all-deferred"));
        assertEquals(2, mta("queue", "delete").status(), "ID, --all-deferred or --from");
        assertEquals(2, mta("queue", "hold", "not-an-id").status());
    }

    @Test
    void theSocketIsOwnerOnlyASecondDaemonIsRefusedAndStopRemovesIt() throws Exception {
        start();
        Path socket = config.controlSocket();
        BasicFileAttributes attrs = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        assertTrue(attrs.isOther(), "a socket");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket,
                LinkOption.NOFOLLOW_LINKS)));

        Daemon second = new Daemon(config, Clock.systemUTC());
        StartupException refused = assertThrows(StartupException.class, second::start);
        assertEquals(ExitStatus.FAILED, refused.status());
        assertTrue(refused.getMessage().contains("another process answers on the control socket"),
                refused.getMessage());
        assertEquals(0, mta("queue", "list").status(), "the first daemon still answers");

        started.get(0).stop();

        assertFalse(Files.exists(socket, LinkOption.NOFOLLOW_LINKS), "removed at stop");
        Run down = mta("queue", "hold", "0123456789ABCD");
        assertEquals(1, down.status());
        assertTrue(down.err().contains("the mta daemon is not running") && down.err().contains("nothing was changed"),
                down.err());
    }

    @Test
    void aStaleSocketFileIsReplacedAtStart() throws Exception {
        Path socket = config.controlSocket();
        // A socket file nobody listens on: what a daemon killed with SIGKILL leaves behind.
        try (var stale = java.nio.channels.ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            stale.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket, LinkOption.NOFOLLOW_LINKS));

        start();

        assertEquals(0, mta("queue", "list").status());
    }

    @Test
    void listAndShowReadTheSpoolOfAStoppedDaemonWithoutChangingIt() throws Exception {
        sink.script(Verb.RCPT, ScriptedResponse.reply(DEFER));
        InetSocketAddress smtp = start().get(0);
        String id = submit(smtp, "Subject: offline\r\n\r\nstill here\r\n");
        awaitQueue(json -> json.contains("\"state\": \"deferred\""), "a deferred message");
        started.get(0).stop();
        Map<String, String> before = tree(config.queue().directory());

        Run list = mta("queue", "list");
        assertEquals(0, list.status(), list.err());
        assertTrue(list.out().contains(id + " "), list.out());
        assertTrue(list.out().contains("    bob@example.test  deferred, 1 attempt"), list.out());
        assertTrue(list.out().contains("        " + DEFER + "\n"), list.out());
        Run json = mta("queue", "list", "--json");
        assertTrue(json.out().startsWith("{\"messages\": [") && json.out().contains("\"count\": 1"), json.out());
        Run show = mta("queue", "show", "--body", id);
        assertEquals(0, show.status(), show.err());
        assertTrue(show.out().contains("\nSubject: offline\n-- body --\nstill here\n"), show.out());
        Run flush = mta("queue", "flush", id);
        assertEquals(1, flush.status());
        assertTrue(flush.err().contains("not running"), flush.err());

        assertEquals(before, tree(config.queue().directory()), "the offline commands changed the spool");
    }

    @Test
    void hostileRequestsGetAnErrorAndTheSocketKeepsAnswering() throws Exception {
        start();
        Path socket = config.controlSocket();

        assertTrue(exchange(socket, "x".repeat(10_000) + "\n").startsWith("error request longer than 4096 bytes"));
        assertTrue(exchange(socket, "rm -rf /\n").startsWith("error unknown command 'rm'"));
        assertTrue(exchange(socket, "\u001b[2J\n").startsWith("error unknown command '\\x1b[2J'"));
        assertTrue(exchange(socket, "hold\n").startsWith("error hold: wrong number of arguments"));
        assertTrue(exchange(socket, "hold ../../etc/passwd\n").startsWith("error not a queue id: ../../etc/passwd"));
        assertTrue(exchange(socket, "hold %ZZ\n").startsWith("error bad percent escape"));
        assertTrue(exchange(socket, "delete 0123456789ABCD\n").startsWith("error 0123456789ABCD: not in the queue"));
        assertTrue(exchange(socket, "show-body 0123456789ABCD\n").startsWith("error 0123456789ABCD: not in the queue"));
        assertTrue(exchange(socket, "").startsWith("error connection closed before the end of the request line"));

        assertEquals("ok\nMail queue is empty\n", exchange(socket, "list\n"));
    }

    private List<InetSocketAddress> start() throws StartupException {
        Daemon daemon = new Daemon(config, Clock.systemUTC());
        started.add(daemon);
        return daemon.start();
    }

    private Run mta(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = new CommandLine(new MtaCommand());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--config");
        all.add(configFile.toString());
        int status = cmd.execute(all.toArray(String[]::new));
        return new Run(status, out.toString(), err.toString());
    }

    /** Waits until the queue, as {@code mta queue list --json} shows it, satisfies {@code condition}. */
    private void awaitQueue(java.util.function.Predicate<String> condition, String what) {
        await(() -> condition.test(mta("queue", "list", "--json").out()), what);
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            // Delivery records its outcome on its own threads; ask again shortly.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** Sends raw bytes on the control socket and returns everything the daemon answered. */
    private static String exchange(Path socket, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer bytes = ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8));
            try {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.shutdownOutput();
            } catch (IOException closedEarly) {
                // The daemon stops reading an overlong line and answers; the rest of it may be refused.
            }
            return new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String submit(InetSocketAddress server, String content) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(server, 10_000);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            readLine(in);
            socket.getOutputStream().write(("EHLO client.test\r\nMAIL FROM:<alice@localhost>\r\n"
                    + "RCPT TO:<bob@example.test>\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = readLine(in);
            } while (!line.startsWith("354 "));
            socket.getOutputStream().write((content + ".\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            String queued = readLine(in);
            assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);
            return queued.substring("250 2.0.0 Ok: queued as ".length()).strip();
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    private static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                out.put(root.relativize(p).toString(), a.size() + " " + a.lastModifiedTime().toMillis());
            }
        }
        return out;
    }
}
