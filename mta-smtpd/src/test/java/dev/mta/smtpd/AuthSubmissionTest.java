package dev.mta.smtpd;

import dev.mta.core.config.Cidr;
import dev.mta.smtpd.auth.Argon2Cost;
import dev.mta.smtpd.auth.AuthThrottle;
import dev.mta.smtpd.auth.AuthThrottleSettings;
import dev.mta.smtpd.auth.Authenticator;
import dev.mta.smtpd.auth.PasswordHasher;
import dev.mta.smtpd.auth.UserDirectory;
import dev.mta.smtpd.session.SessionAuth;
import dev.mta.testkit.sink.InMemoryMessageSink;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AUTH on the submission listeners, over loopback: Angus Mail as a real client, a raw socket for the replies no
 * library shows. The throttle's clock is the test's; the failure delay is zero, so nothing waits.
 */
class AuthSubmissionTest {

    private static final String PASSWORD = "correct horse battery staple";
    private static final Duration LOCKOUT = Duration.ofMinutes(5);

    @TempDir
    Path dir;

    private final ExecutorService completions = Executors.newSingleThreadExecutor();
    private final InMemoryMessageSink sink = new InMemoryMessageSink(Clock.systemUTC(), completions);
    private final MovableClock clock = new MovableClock();
    private final ThreadPoolExecutor hashing = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(16));
    private LoopbackServer server;

    @BeforeEach
    void start() throws Exception {
        PasswordHasher hasher = new PasswordHasher(new Argon2Cost(64, 1, 1), new SecureRandom());
        Path users = dir.resolve("users");
        Files.writeString(users, "# test users\n"
                + "alice@ours.test:" + hasher.hash(PASSWORD).usersFileForm() + ":allow=@alias.test\n");
        UserDirectory directory = UserDirectory.load(users);
        AuthThrottle throttle = new AuthThrottle(
                new AuthThrottleSettings(3, Duration.ofMinutes(1), LOCKOUT, Duration.ZERO, 100), clock);
        Authenticator authenticator = new Authenticator(() -> directory, hasher, throttle, hashing);
        // 127.0.0.1 is no relay network: relaying must come from AUTH alone.
        server = new LoopbackServer(sink, List.of(Cidr.parse("192.0.2.0/24")), LimitSettings.DEFAULTS,
                Optional.of(new SessionAuth(authenticator)));
    }

    @AfterEach
    void stop() {
        server.close();
        completions.shutdownNow();
        hashing.shutdownNow();
    }

    private static Session mailSession(InetSocketAddress address, boolean implicitTls, String mechanism) {
        Properties props = new Properties();
        props.put("mail.smtp.host", address.getHostString());
        props.put("mail.smtp.port", Integer.toString(address.getPort()));
        props.put("mail.smtp.localhost", "client.remote.test");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.auth.mechanisms", mechanism);
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        if (implicitTls) {
            props.put("mail.smtp.ssl.enable", "true");
        } else {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
        }
        return Session.getInstance(props);
    }

    private static MimeMessage message(Session session, String from, String to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("hello");
        message.setText("hello from an authenticated client\n");
        return message;
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** A client on submissions, greeted with EHLO. */
    private RawClient greeted() throws Exception {
        RawClient client = RawClient.implicitTls(server.submissions());
        assertTrue(client.reply().startsWith("220 "));
        client.send("EHLO client.remote.test\r\n");
        String ehlo = client.reply();
        assertTrue(ehlo.contains("250 AUTH PLAIN LOGIN\r\n") || ehlo.contains("250-AUTH PLAIN LOGIN\r\n"), ehlo);
        return client;
    }

    @Test
    void startTlsThenAuthPlainOnSubmissionRelaysAMessage() throws Exception {
        Session session = mailSession(server.submission(), false, "PLAIN");
        Transport.send(message(session, "alice@ours.test", "bob@elsewhere.test"), "alice@ours.test", PASSWORD);

        assertEquals(1, sink.messageCount());
        var stored = sink.messages().get(0);
        assertEquals("bob@elsewhere.test", stored.envelope().recipients().get(0).address().toString());
        assertTrue(stored.envelope().origin().locallyOriginated());
        assertEquals(Optional.of("alice@ours.test"), stored.envelope().origin().authenticatedUser());
        String content = stored.contentAsUtf8();
        assertTrue(content.contains("\r\n\t(Authenticated sender: alice@ours.test)\r\n"), content);
        assertTrue(content.contains(" with ESMTPSA id "), content);
    }

    @Test
    void authLoginOnImplicitTlsSubmissions() throws Exception {
        Session session = mailSession(server.submissions(), true, "LOGIN");
        Transport.send(message(session, "alice@ours.test", "carol@ours.test"), "alice@ours.test", PASSWORD);

        assertEquals(1, sink.messageCount());
        assertEquals(Optional.of("alice@ours.test"), sink.messages().get(0).envelope().origin().authenticatedUser());
    }

    @Test
    void authIsRefusedBeforeTlsAndNotOfferedOnSmtp() throws Exception {
        try (RawClient client = new RawClient(server.submission())) {
            client.reply();
            client.send("EHLO client.remote.test\r\n");
            String ehlo = client.reply();
            assertFalse(ehlo.contains("AUTH"), ehlo);
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("538 5.7.11 "));
            client.send("MAIL FROM:<alice@ours.test>\r\n");
            assertTrue(client.reply().startsWith("530 5.7.0 "));
        }
        try (RawClient client = new RawClient(server.smtp())) {
            client.reply();
            client.send("STARTTLS\r\n");
            assertTrue(client.reply().startsWith("220 "));
            client.handshake();
            client.send("EHLO client.remote.test\r\n");
            String ehlo = client.reply();
            assertFalse(ehlo.contains("AUTH"), ehlo);
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("502 5.5.1 "));
        }
    }

    @Test
    void wrongPasswordThenRightPassword() throws Exception {
        try (RawClient client = greeted()) {
            client.send("AUTH PLAIN " + plain("alice@ours.test", "wrong") + "\r\n");
            assertEquals("535 5.7.8 Authentication credentials invalid\r\n", client.reply());
            client.send("AUTH PLAIN " + plain("nobody@ours.test", PASSWORD) + "\r\n");
            assertEquals("535 5.7.8 Authentication credentials invalid\r\n", client.reply(),
                    "an unknown user gets the same reply as a wrong password");
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertEquals("235 2.7.0 Authentication successful\r\n", client.reply());
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("503 5.5.1 "), "already authenticated");
        }
    }

    @Test
    void saslExchangeWithChallengesCancelAndUnknownMechanism() throws Exception {
        try (RawClient client = greeted()) {
            client.send("AUTH CRAM-MD5\r\n");
            assertTrue(client.reply().startsWith("504 5.5.4 "));
            client.send("AUTH LOGIN\r\n");
            assertEquals("334 " + b64("Username:") + "\r\n", client.reply());
            client.send("*\r\n");
            assertTrue(client.reply().startsWith("501 5.7.0 "));
            client.send("AUTH PLAIN\r\n");
            assertEquals("334 \r\n", client.reply());
            client.send(plain("alice@ours.test", PASSWORD) + "\r\n");
            assertEquals("235 2.7.0 Authentication successful\r\n", client.reply());
            // After AUTH, a pipelined group is answered in order.
            client.send("MAIL FROM:<alice@ours.test>\r\nRCPT TO:<x@elsewhere.test>\r\nRSET\r\n");
            assertTrue(client.reply().startsWith("250 "));
            assertTrue(client.reply().startsWith("250 "), "an authenticated client may relay");
            assertTrue(client.reply().startsWith("250 "));
        }
    }

    @Test
    void protocolEdgeCasesOfSecurityS12() throws Exception {
        try (RawClient client = greeted()) {
            client.send("AUTH PLAIN !!!\r\n");
            String invalid = client.reply();
            // RFC 4954 section 4: a response that is not base64 gets 501 5.5.2, on the AUTH line as in a response line.
            assertTrue(invalid.startsWith("501 5.5.2 "), invalid);
            client.send("AUTH PLAIN\r\n");
            assertEquals("334 \r\n", client.reply());
            client.send("!!!\r\n");
            assertTrue(client.reply().startsWith("501 5.5.2 "), "invalid base64 in a response line");
            client.send("AUTH LOGIN\r\n");
            assertTrue(client.reply().startsWith("334 "));
            client.send("A".repeat(20_000) + "\r\n");
            assertTrue(client.reply().startsWith("500 5.5.6 "), "over-long response line");
            client.send("AUTH PLAIN " + b64("other@ours.test\0alice@ours.test\0" + PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("535 5.7.8 "), "a foreign authorization identity");
            // AUTH pipelined with what follows (RFC 4954 section 4 forbids it, a client may still do it):
            // the commands wait for the password check and are answered after it, in order.
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\nMAIL FROM:<alice@ours.test>\r\n"
                    + "RCPT TO:<x@elsewhere.test>\r\nQUIT\r\n");
            assertEquals("235 2.7.0 Authentication successful\r\n", client.reply());
            assertTrue(client.reply().startsWith("250 "));
            assertTrue(client.reply().startsWith("250 "));
            assertTrue(client.reply().startsWith("221 "));
        }
    }

    @Test
    void authSentWithStartTlsInOneSegmentIsNeverAnswered() throws Exception {
        try (RawClient client = new RawClient(server.submission())) {
            client.reply();
            client.send("EHLO client.remote.test\r\n");
            client.reply();
            client.send("STARTTLS\r\nAUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("220 "));
            assertTrue(client.closedByServer(), "closed: the AUTH sent in plaintext is not executed");
        }
    }

    @Test
    void authInsideATransactionIsABadSequence() throws Exception {
        try (RawClient client = greeted()) {
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("235 "));
            client.send("MAIL FROM:<alice@ours.test>\r\n");
            assertTrue(client.reply().startsWith("250 "));
            client.send("AUTH LOGIN\r\n");
            assertTrue(client.reply().startsWith("503 5.5.1 "));
        }
    }

    @Test
    void bruteForceLocksTheClientOutUntilTheCoolDownEnds() throws Exception {
        try (RawClient client = greeted()) {
            for (int i = 0; i < 3; i++) {
                client.send("AUTH PLAIN " + plain("alice@ours.test", "guess" + i) + "\r\n");
                assertTrue(client.reply().startsWith("535 5.7.8 "));
            }
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("454 4.7.0 "), "locked out: even the right password is refused");
            try (RawClient other = greeted()) {
                other.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
                assertTrue(other.reply().startsWith("454 4.7.0 "), "the lockout is per address, across connections");
            }
            clock.advance(LOCKOUT.plusSeconds(1));
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertEquals("235 2.7.0 Authentication successful\r\n", client.reply());
        }
    }

    @Test
    void mailFromTheUserMayNotUseIsRefusedAtMail() throws Exception {
        try (RawClient client = greeted()) {
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("235 "));
            client.send("MAIL FROM:<bob@ours.test>\r\n");
            assertTrue(client.reply().startsWith("553 5.7.1 "));
            client.send("MAIL FROM:<anyone@alias.test>\r\n");
            assertTrue(client.reply().startsWith("250 "), "allow=@alias.test");
        }
    }

    @Test
    void fromHeaderDomainNotAllowedIsRefusedAtTheEndOfData() throws Exception {
        try (RawClient client = greeted()) {
            client.send("AUTH PLAIN " + plain("alice@ours.test", PASSWORD) + "\r\n");
            assertTrue(client.reply().startsWith("235 "));
            client.send("MAIL FROM:<alice@ours.test>\r\nRCPT TO:<bob@elsewhere.test>\r\nDATA\r\n");
            assertTrue(client.reply().startsWith("250 "));
            assertTrue(client.reply().startsWith("250 "));
            assertTrue(client.reply().startsWith("354 "));
            client.send("Subject: hi\r\nFrom: \"The Boss (at ours.test)\"\r\n <boss@bank.test>\r\n\r\nbody\r\n.\r\n");
            assertTrue(client.reply().startsWith("550 5.7.1 "));
            assertEquals(0, sink.messageCount());

            client.send("MAIL FROM:<alice@ours.test>\r\nRCPT TO:<bob@elsewhere.test>\r\nDATA\r\n");
            client.reply();
            client.reply();
            assertTrue(client.reply().startsWith("354 "));
            client.send("From: Alice <alice@ours.test>, news@alias.test\r\nSubject: hi\r\n\r\nbody\r\n.\r\n");
            assertTrue(client.reply().startsWith("250 "));
            assertEquals(1, sink.messageCount());
        }
    }

    @Test
    void angusMailSeesTheSenderRefusal() throws Exception {
        Session session = mailSession(server.submission(), false, "PLAIN");
        MessagingException failure = assertThrows(MessagingException.class, () -> Transport.send(
                message(session, "mallory@bank.test", "bob@elsewhere.test"), "alice@ours.test", PASSWORD));
        assertTrue(String.valueOf(failure.getMessage()).contains("553")
                || String.valueOf(failure.getNextException()).contains("553"), failure.toString());
        assertEquals(0, sink.messageCount());
    }

    /** A clock that moves only when the test says so. */
    private static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-11-25T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
