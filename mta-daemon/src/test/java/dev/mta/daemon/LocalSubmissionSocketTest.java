package dev.mta.daemon;

import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The daemon's local submission socket, over a real Unix domain socket, relaying to a scripted server. */
class LocalSubmissionSocketTest {

    @TempDir
    Path tmp;

    private final List<Daemon> started = new ArrayList<>();
    private ScriptedSmtpServer sink;

    @BeforeEach
    void needsEpoll() throws IOException {
        assumeTrue(Epoll.isAvailable(), "the submission socket needs the epoll transport (Linux x86-64)");
        sink = ScriptedSmtpServer.start();
    }

    @AfterEach
    void stopAll() {
        started.forEach(Daemon::stop);
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void takesMailFromAnyLocalUserNamesThatUserAndRelaysIt() throws Exception {
        Daemon daemon = daemon();
        daemon.start();
        Path socket = tmp.resolve("submit.sock");

        assertEquals("rw-rw-rw-", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
        String reply = exchange(socket, "EHLO localhost\r\nMAIL FROM:<cron@localhost>\r\n"
                + "RCPT TO:<bob@example.test>\r\nDATA\r\n", "Subject: from the socket\r\n\r\nhello\r\n.\r\nQUIT\r\n");

        assertTrue(reply.contains("250 2.0.0 Ok: queued as "), reply);
        RecordedTransaction relayed = sink.takeTransaction(Duration.ofSeconds(30));
        String content = relayed.contentText();
        long uid = ((Number) Files.getAttribute(Files.createFile(tmp.resolve("mine")), "unix:uid")).longValue();
        String expected = new PasswdUserNames(PasswdUserNames.SYSTEM).nameOf(uid)
                .map(name -> name + " (uid " + uid + ")").orElse("uid " + uid);
        assertTrue(content.startsWith("Received: from local user " + expected + "\r\n\tby localhost with ESMTP id "),
                content);
        assertTrue(content.contains("\r\nMessage-ID: <"), content);
    }

    @Test
    void theSocketGoesWithTheDaemon() throws Exception {
        Daemon daemon = daemon();
        daemon.start();
        Path socket = tmp.resolve("submit.sock");
        assertTrue(Files.exists(socket));

        daemon.stop();

        assertTrue(Files.notExists(socket), "mta sendmail then says at once that the daemon is down");
    }

    @Test
    void aStaleSocketLeftByAKilledDaemonIsReplaced() throws Exception {
        Path socket = tmp.resolve("submit.sock");
        // A closed JDK server socket leaves its file behind, as a daemon killed with SIGKILL does.
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket));

        daemon().start();

        String reply = exchange(socket, "QUIT\r\n", "");
        assertTrue(reply.startsWith("220 localhost ESMTP\r\n221 "), reply);
    }

    @Test
    void aFileThatIsNotASocketIsNeverRemoved() throws Exception {
        Path socket = Files.writeString(tmp.resolve("submit.sock"), "precious");
        Daemon daemon = daemon();

        StartupException e = assertThrows(StartupException.class, daemon::start);

        assertEquals(ExitStatus.USAGE, e.status());
        assertTrue(e.getMessage().contains("is not a socket"), e.getMessage());
        assertEquals("precious", Files.readString(socket));
    }

    @Test
    void aSecondDaemonDoesNotTakeTheSocketOfARunningOne() throws Exception {
        daemon().start();
        // Its own spool, state and control socket (a shared control socket would stop it earlier), the same
        // submission socket.
        Path elsewhere = Files.createDirectory(tmp.resolve("second"));
        Path file = TestConfigs.write(elsewhere, "relay.properties",
                Map.of("SINKPORT", String.valueOf(sink.address().getPort())));
        Files.writeString(file, Files.readString(file).replace(elsewhere.resolve("submit.sock").toString(),
                tmp.resolve("submit.sock").toString()));
        Daemon second = new Daemon(ConfigLoader.load(file), Clock.systemUTC());
        started.add(second);

        StartupException e = assertThrows(StartupException.class, second::start);

        assertTrue(e.getMessage().contains("served by another process"), e.getMessage());
        String reply = exchange(tmp.resolve("submit.sock"), "QUIT\r\n", "");
        assertTrue(reply.startsWith("220 "), "the first daemon still serves: " + reply);
    }

    private Daemon daemon() throws Exception {
        MtaConfig config = ConfigLoader.load(TestConfigs.write(tmp, "relay.properties",
                Map.of("SINKPORT", String.valueOf(sink.address().getPort()))));
        Daemon daemon = new Daemon(config, Clock.systemUTC());
        started.add(daemon);
        return daemon;
    }

    /** Sends the commands, then (after the 354, if any) the content; returns everything read until the close. */
    private static String exchange(Path socket, String commands, String content) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            var out = Channels.newOutputStream(channel);
            InputStream in = Channels.newInputStream(channel);
            out.write(commands.getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream read = new ByteArrayOutputStream();
            if (!content.isEmpty()) {
                while (!read.toString(StandardCharsets.US_ASCII).contains("\r\n354 ")) {
                    int b = in.read();
                    assertTrue(b >= 0, "closed before 354: " + read);
                    read.write(b);
                }
                out.write(content.getBytes(StandardCharsets.US_ASCII));
            }
            in.transferTo(read);
            return read.toString(StandardCharsets.US_ASCII);
        }
    }
}
