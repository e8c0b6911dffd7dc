package dev.mta.daemon;

import dev.mta.core.sink.QueueId;
import dev.mta.core.tls.PemTlsMaterialLoader;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.queue.QueueStore;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CompletableFuture;
import java.nio.file.StandardOpenOption;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonTest {

    private static final Instant FIRST_START = Instant.parse("2026-01-10T08:00:00Z");
    private static final String GREETING = "220 localhost ESMTP\r\n";

    @TempDir
    Path tmp;

    private final List<Daemon> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Daemon::stop);
    }

    @Test
    void servesEveryListenerUntilStopped() throws Exception {
        Daemon daemon = daemon(Clock.systemUTC());

        List<InetSocketAddress> bound = daemon.start();

        assertEquals(3, bound.size());
        assertEquals(3, new HashSet<>(bound).size(), "three different ports");
        for (InetSocketAddress address : bound.subList(0, 2)) {
            assertEquals(InetAddress.getLoopbackAddress(), address.getAddress());
            try (Socket socket = connect(address)) {
                InputStream in = socket.getInputStream();
                assertEquals(GREETING, readLine(in));
                socket.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals("221 2.0.0 Bye\r\n", readLine(in));
                assertEquals(-1, in.read(), "the server closes after the 221");
            }
        }

        daemon.stop();

        for (InetSocketAddress address : bound) {
            assertThrows(ConnectException.class, () -> connect(address).close(), address + " still accepts");
        }
    }

    @Test
    void opensTheQueueAndClearsHalfWrittenMessagesBeforeServing() throws Exception {
        // A message that was still streaming in when the last run died was never acknowledged: it goes.
        Path incoming = Files.createDirectories(tmp.resolve("spool/incoming"));
        Path halfWritten = Files.writeString(incoming.resolve("0123456789ABCD"), "Subject: half\r\n");
        Daemon daemon = daemon(Clock.systemUTC());

        daemon.start();

        assertTrue(Files.notExists(halfWritten), "half-written message cleared at start");
        assertTrue(Files.isDirectory(tmp.resolve("spool/log")), "the queue's log directory exists");
        daemon.stop();
    }

    @Test
    void stopIsIdempotentAndReleasesAwaitStopped() throws Exception {
        Daemon daemon = daemon(Clock.systemUTC());
        daemon.start();

        daemon.stop();
        daemon.stop();

        daemon.awaitStopped();
        assertThrows(IllegalStateException.class, daemon::start, "a stopped daemon does not start again");
    }

    @Test
    void createsOwnerOnlyDirectoriesAndASelfSignedCertificateThatLaterStartsReuse() throws Exception {
        Daemon first = daemon(Clock.fixed(FIRST_START, ZoneOffset.UTC));
        first.start();
        first.stop();

        Path cert = tmp.resolve("state/tls/cert.pem");
        Path key = tmp.resolve("state/tls/key.pem");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("state"))));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("spool"))));
        var leaf = new PemTlsMaterialLoader().load(cert, key).leaf();
        assertEquals(FIRST_START.minus(SelfSignedCertificateGenerator.BACKDATING), leaf.getNotBefore().toInstant(),
                "validity comes from the injected clock");
        byte[] certificate = Files.readAllBytes(cert);
        byte[] privateKey = Files.readAllBytes(key);

        Daemon second = daemon(Clock.fixed(FIRST_START.plusSeconds(86_400), ZoneOffset.UTC));
        second.start();
        second.stop();

        assertArrayEquals(certificate, Files.readAllBytes(cert), "the same certificate, not a new one");
        assertArrayEquals(privateKey, Files.readAllBytes(key));
    }

    @Test
    void acceptsMailOnTheSmtpListenerIntoTheQueueThatSurvivesARestart() throws Exception {
        MtaConfig config = ConfigLoader.load(TestConfigs.write(tmp, "daemon.properties"));
        Daemon daemon = new Daemon(config, Clock.systemUTC());
        started.add(daemon);
        InetSocketAddress smtp = daemon.start().get(0);
        String queued;
        try (Socket socket = connect(smtp)) {
            InputStream in = socket.getInputStream();
            assertEquals(GREETING, readLine(in));
            // 127.0.0.1 is in the default relay networks: it may send to any domain.
            socket.getOutputStream().write(("EHLO client.test\r\nMAIL FROM:<alice@localhost>\r\n"
                    + "RCPT TO:<bob@example.test>\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = readLine(in);
            } while (!line.startsWith("354 "));
            socket.getOutputStream().write("Subject: durable\r\n\r\nkept\r\n.\r\nQUIT\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            queued = readLine(in);
            assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);
            assertEquals("221 2.0.0 Bye\r\n", readLine(in));
        }
        daemon.stop();

        Daemon restarted = new Daemon(config, Clock.systemUTC());
        started.add(restarted);
        restarted.start();
        restarted.stop();

        String id = queued.substring("250 2.0.0 Ok: queued as ".length()).strip();
        try (QueueStore queue = QueueStore.open(config.queue(), Clock.systemUTC())) {
            queue.recovered().toCompletableFuture().get();
            QueueId queueId = new QueueId(id);
            assertTrue(queue.ids().contains(queueId), queue.ids().toString());
            try (InputStream content = queue.openContent(queueId).orElseThrow()) {
                String text = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(text.startsWith("Received: from client.test (unknown [127.0.0.1])"), text);
                assertTrue(text.contains("Subject: durable\r\n"), text);
                assertTrue(text.contains("\r\nMessage-ID: <" + id + "@localhost>\r\n"), text);
            }
            assertEquals("bob@example.test",
                    queue.record(queueId).orElseThrow().envelope().recipients().get(0).address().toString());
        }
    }

    @Test
    void relaysAcceptedMailToItsRouteAndEmptiesTheQueue() throws Exception {
        try (ScriptedSmtpServer sink = ScriptedSmtpServer.start()) {
            MtaConfig config = ConfigLoader.load(TestConfigs.write(tmp, "relay.properties",
                    Map.of("SINKPORT", String.valueOf(sink.address().getPort()))));
            Daemon daemon = new Daemon(config, Clock.systemUTC());
            started.add(daemon);
            InetSocketAddress smtp = daemon.start().get(0);

            String queued = submit(smtp, "alice@localhost", "bob@example.test", "Subject: relayed\r\n\r\nhello\r\n");

            RecordedTransaction relayed = sink.takeTransaction(Duration.ofSeconds(30));
            assertEquals(1, relayed.rcpts().size(), relayed.rcpts().toString());
            assertTrue(relayed.rcpts().get(0).startsWith("RCPT TO:<bob@example.test>"), relayed.rcpts().toString());
            String content = new String(relayed.content(), StandardCharsets.UTF_8);
            assertTrue(content.startsWith("Received: from client.test (unknown [127.0.0.1])"), content);
            assertTrue(content.contains("\r\nSubject: relayed\r\n"), content);
            daemon.stop();

            try (QueueStore queue = QueueStore.open(config.queue(), Clock.systemUTC())) {
                queue.recovered().toCompletableFuture().get();
                assertEquals(List.of(), queue.ids(), "delivered mail leaves the queue (" + queued + ")");
            }
        }
    }

    @Test
    void connectsToTheNextHopFromTheConfiguredSourceAddress() throws Exception {
        try (ServerSocket hop = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Path file = TestConfigs.write(tmp, "relay.properties", Map.of("SINKPORT", String.valueOf(hop.getLocalPort())));
            Files.writeString(file, "outbound.source-address = 127.0.0.2\n", StandardOpenOption.APPEND);
            MtaConfig config = ConfigLoader.load(file);
            Daemon daemon = new Daemon(config, Clock.systemUTC());
            started.add(daemon);
            InetSocketAddress smtp = daemon.start().get(0);
            CompletableFuture<InetAddress> peer = CompletableFuture.supplyAsync(() -> {
                try (Socket connection = hop.accept()) {
                    // Turned away at once: only where the connection came from matters here.
                    connection.getOutputStream().write("421 4.3.2 not now\r\n".getBytes(StandardCharsets.US_ASCII));
                    return connection.getInetAddress();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });

            submit(smtp, "alice@localhost", "bob@example.test", "Subject: from where\r\n\r\nhello\r\n");

            assertEquals(InetAddress.getByName("127.0.0.2"), peer.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void withDeliveryDisabledAcceptedMailStaysQueuedAndNoHopIsContacted() throws Exception {
        try (ScriptedSmtpServer sink = ScriptedSmtpServer.start()) {
            MtaConfig config = ConfigLoader.load(TestConfigs.write(tmp, "held.properties",
                    Map.of("SINKPORT", String.valueOf(sink.address().getPort()))));
            assertEquals(false, config.deliveryEnabled());
            Daemon daemon = new Daemon(config, Clock.systemUTC());
            started.add(daemon);
            InetSocketAddress smtp = daemon.start().get(0);

            String queued = submit(smtp, "alice@localhost", "bob@example.test", "Subject: held\r\n\r\nkept\r\n");
            daemon.stop();

            assertEquals(0, sink.connectionCount(), "nothing is delivered while delivery is disabled");
            String id = queued.substring("250 2.0.0 Ok: queued as ".length()).strip();
            try (QueueStore queue = QueueStore.open(config.queue(), Clock.systemUTC())) {
                queue.recovered().toCompletableFuture().get();
                assertEquals(List.of(new QueueId(id)), queue.ids());
            }
        }
    }

    @Test
    void portInUseFailsTheStartNamingTheListener() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            MtaConfig config = ConfigLoader.load(TestConfigs.write(tmp, "port-in-use.properties",
                    Map.of("PORT", Integer.toString(taken.getLocalPort()))));
            Daemon daemon = new Daemon(config, Clock.systemUTC());
            started.add(daemon);

            StartupException e = assertThrows(StartupException.class, daemon::start);

            assertEquals(ExitStatus.FAILED, e.status());
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken.getLocalPort() + " (submission)"), e.getMessage());
        }
    }

    @Test
    void formatsAddressesTheWayOperatorsWriteThem() throws Exception {
        assertEquals("127.0.0.1:25", Daemon.hostPort(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 25)));
        assertEquals("[0:0:0:0:0:0:0:1]:587",
                Daemon.hostPort(new InetSocketAddress(InetAddress.getByName("::1"), 587)));
    }

    private Daemon daemon(Clock clock) throws Exception {
        Daemon daemon = new Daemon(ConfigLoader.load(TestConfigs.write(tmp, "daemon.properties")), clock);
        started.add(daemon);
        return daemon;
    }

    /** Sends one message over plain SMTP and returns the 250 line. */
    private static String submit(InetSocketAddress server, String from, String to, String content) throws IOException {
        try (Socket socket = connect(server)) {
            InputStream in = socket.getInputStream();
            assertEquals(GREETING, readLine(in));
            socket.getOutputStream().write(("EHLO client.test\r\nMAIL FROM:<" + from + ">\r\nRCPT TO:<" + to
                    + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = readLine(in);
            } while (!line.startsWith("354 "));
            socket.getOutputStream().write((content + ".\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            String queued = readLine(in);
            assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);
            return queued;
        }
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 10_000);
        // A guard against a hang, not a measurement: the reply is due at once.
        socket.setSoTimeout(10_000);
        return socket;
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
}
