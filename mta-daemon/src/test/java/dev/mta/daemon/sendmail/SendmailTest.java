package dev.mta.daemon.sendmail;

import dev.mta.daemon.Daemon;
import dev.mta.daemon.TestConfigs;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import io.netty.channel.epoll.Epoll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code mta sendmail} end to end: the command in process, a running daemon with its submission socket, and the
 * relayed message as a scripted SMTP server receives it.
 */
class SendmailTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    private ScriptedSmtpServer sink;
    private Daemon daemon;
    private Path config;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void startDaemon() throws Exception {
        assumeTrue(Epoll.isAvailable(), "the submission socket needs the epoll transport (Linux x86-64)");
        sink = ScriptedSmtpServer.start();
        Files.writeString(tmp.resolve("recipients"), "known@example.org\n");
        config = TestConfigs.write(tmp, "sendmail.properties",
                Map.of("SINKPORT", String.valueOf(sink.address().getPort())));
        daemon = new Daemon(ConfigLoader.load(config), Clock.systemUTC());
        daemon.start();
    }

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void sendsToTheRecipientsGivenWithLineEndsConvertedAndTheUserInTheTrace() throws Exception {
        int status = sendmail("Subject: plain\nTo: Bob <bob@example.test>\n\nline one\n.starts with a dot\nend\n",
                "bob@example.test", "carol@example.test");

        assertEquals(0, status, stderr());
        RecordedTransaction relayed = sink.takeTransaction(WAIT);
        assertTrue(relayed.mail().startsWith("MAIL FROM:<cron@example.test>"), relayed.mail());
        assertEquals(2, relayed.rcpts().size(), relayed.rcpts().toString());
        String content = relayed.contentText();
        assertTrue(content.startsWith("Received: from local user "), content);
        assertTrue(content.contains("\r\nFrom: cron@example.test\r\nSubject: plain\r\nTo: Bob <bob@example.test>\r\n"
                + "\r\nline one\r\n.starts with a dot\r\nend\r\n"), content);
        assertTrue(content.contains("\r\nMessage-ID: <"), "the daemon adds what is missing: " + content);
        assertTrue(relayed.wireText().contains("\r\n..starts with a dot\r\n"), "dot-stuffed on the wire");
    }

    @Test
    void takesRecipientsFromTheHeaderWithDashTAndRemovesBcc() throws Exception {
        int status = sendmail("From: App <app@example.test>\nTo: a@example.test, \"Doe, J\" <b@example.test>\n"
                + "Cc: team: c@example.test;\nBcc: hidden@example.test\n  , also-hidden@example.test\n"
                + "Subject: t\n\nbody\n", "-t");

        assertEquals(0, status, stderr());
        RecordedTransaction relayed = sink.takeTransaction(WAIT);
        assertEquals(List.of("a@example.test", "b@example.test", "c@example.test", "hidden@example.test",
                "also-hidden@example.test"), relayed.rcpts().stream()
                .map(r -> r.substring("RCPT TO:<".length(), r.indexOf('>'))).toList());
        String content = relayed.contentText();
        assertFalse(content.contains("Bcc"), content);
        assertFalse(content.contains("hidden"), content);
        assertTrue(content.contains("\r\nFrom: App <app@example.test>\r\nTo: a@example.test,"), content);
    }

    @Test
    void dashFSetsTheSenderAndDashFNameTheFromField() throws Exception {
        int status = sendmail("Subject: f\n\nx\n", "-f", "bounces@example.test", "-F", "Web Shop", "-oi",
                "-odi", "-oem", "-B", "8BITMIME", "--", "bob@example.test");

        assertEquals(0, status, stderr());
        RecordedTransaction relayed = sink.takeTransaction(WAIT);
        assertTrue(relayed.mail().startsWith("MAIL FROM:<bounces@example.test>"), relayed.mail());
        assertTrue(relayed.contentText().contains("\r\nFrom: \"Web Shop\" <bounces@example.test>\r\n"),
                relayed.contentText());
    }

    @Test
    void aLoneDotEndsTheInputUnlessDashI() throws Exception {
        assertEquals(0, sendmail("Subject: one\n\nbefore\n.\nafter\n", "bob@example.test"), stderr());
        String cut = sink.takeTransaction(WAIT).contentText();
        assertTrue(cut.endsWith("\r\nbefore\r\n"), cut);

        assertEquals(0, sendmail("Subject: two\n\nbefore\n.\nafter\n", "-i", "bob@example.test"), stderr());
        RecordedTransaction whole = sink.takeTransaction(WAIT);
        assertTrue(whole.contentText().endsWith("\r\nbefore\r\n.\r\nafter\r\n"), whole.contentText());
        assertTrue(whole.wireText().contains("\r\nbefore\r\n..\r\nafter\r\n"), whole.wireText());
    }

    @Test
    void qualifiesUnqualifiedNamesWithTheOriginDomain() throws Exception {
        int status = sendmail("Subject: cron\n\noutput\n", "root");

        assertEquals(0, status, stderr());
        RecordedTransaction relayed = sink.takeTransaction(WAIT);
        assertEquals(List.of("RCPT TO:<root@example.test>"), relayed.rcpts());
    }

    @Test
    void aRecipientTheDaemonRefusesIsExit67AndNothingIsSent() throws Exception {
        int status = sendmail("Subject: r\n\nx\n", "known@example.org", "nobody@example.org");

        assertEquals(67, status);
        assertTrue(stderr().contains("nobody@example.org") && stderr().contains("550 5.1.1"), stderr());
        daemon.stop();
        assertTrue(sink.pollTransaction().isEmpty(), "nothing was queued");
    }

    @Test
    void exitsSeventyFiveWithTheReasonWhenTheDaemonIsDown() throws Exception {
        daemon.stop();

        int status = sendmail("Subject: later\n\nx\n", "bob@example.test");

        assertEquals(75, status);
        assertTrue(stderr().contains("cannot reach the mta daemon at " + tmp.resolve("submit.sock")), stderr());
    }

    @Test
    void badInputAndBadUsageHaveTheirOwnStatus() throws Exception {
        assertEquals(64, sendmail("x\n", "-bp"));
        assertEquals(64, sendmail("x\n", "-q"));
        assertEquals(64, sendmail("x\n", "-f"));
        assertEquals(65, sendmail("Subject: none\n\nx\n"), "no recipients");
        assertEquals(65, sendmail("Subject: none\n\nx\n", "-t"), "-t without To, Cc or Bcc");
        assertEquals(65, sendmail("x\n", "bad address@"));
        assertEquals(78, new Sendmail(tmp.resolve("absent.properties"), "cron", new PrintStream(stderr, true,
                StandardCharsets.UTF_8)).run(List.of("bob@example.test"), input("x\n")));
    }

    private int sendmail(String message, String... args) {
        List<String> arguments = new java.util.ArrayList<>(List.of("-C", config.toString()));
        arguments.addAll(List.of(args));
        return new Sendmail(Path.of("/nonexistent/mta.properties"), "cron",
                new PrintStream(stderr, true, StandardCharsets.UTF_8)).run(arguments, input(message));
    }

    private static ByteArrayInputStream input(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }
}
