package dev.mta.smtpd;

import dev.mta.core.config.Cidr;
import dev.mta.core.config.DataSize;
import dev.mta.testkit.sink.InMemoryMessageSink;
import dev.mta.testkit.sink.StoredMessage;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server on loopback, with Angus Mail as a real client and a raw socket for what no library sends. */
class SmtpServerTest {

    private static final List<Cidr> LOOPBACK_RELAYS = List.of(Cidr.parse("127.0.0.0/8"));

    private final ExecutorService completions = Executors.newSingleThreadExecutor();
    /** Completes stages on another thread, so the session's hop back to its event loop is exercised. */
    private final InMemoryMessageSink sink = new InMemoryMessageSink(java.time.Clock.systemUTC(), completions);

    @org.junit.jupiter.api.AfterEach
    void stopCompletions() {
        completions.shutdownNow();
    }

    private static Session mailSession(InetSocketAddress address, boolean startTls) {
        Properties props = new Properties();
        props.put("mail.smtp.host", address.getHostString());
        props.put("mail.smtp.port", Integer.toString(address.getPort()));
        props.put("mail.smtp.localhost", "client.remote.test");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        if (startTls) {
            props.put("mail.smtp.starttls.enable", "true");
            props.put("mail.smtp.starttls.required", "true");
            props.put("mail.smtp.ssl.trust", "*");
            props.put("mail.smtp.ssl.checkserveridentity", "false");
        }
        return Session.getInstance(props);
    }

    private static MimeMessage message(Session session, String from, String to) throws MessagingException {
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject("hello");
        message.setText("hello over loopback\n");
        return message;
    }

    @Test
    void acceptsMailFromARelayNetworkIntoTheSink() throws Exception {
        try (LoopbackServer server = new LoopbackServer(sink, LOOPBACK_RELAYS, LimitSettings.DEFAULTS)) {
            Session session = mailSession(server.smtp(), false);
            Transport.send(message(session, "alice@ours.test", "bob@elsewhere.test"));

            assertEquals(1, sink.messageCount());
            StoredMessage stored = sink.messages().get(0);
            assertEquals("alice@ours.test", stored.envelope().sender().mailbox().orElseThrow().toString());
            assertEquals("bob@elsewhere.test", stored.envelope().recipients().get(0).address().toString());
            assertTrue(stored.envelope().origin().locallyOriginated());
            String content = stored.contentAsUtf8();
            assertTrue(content.startsWith("Received: from client.remote.test (unknown [127.0.0.1])\r\n"
                    + "\tby mx.ours.test with ESMTP id "), content);
            assertTrue(content.contains("Subject: hello\r\n"), content);
        }
    }

    @Test
    void startTlsThenMail() throws Exception {
        try (LoopbackServer server = new LoopbackServer(sink, LoopbackServer.outsider(), LimitSettings.DEFAULTS)) {
            Session session = mailSession(server.smtp(), true);
            Transport.send(message(session, "alice@remote.test", "bob@ours.test"));

            String content = sink.messages().get(0).contentAsUtf8();
            assertTrue(content.contains("\r\n\t(using TLSv1."), content);
            assertTrue(content.contains(" with ESMTPS id "), content);
            assertTrue(sink.messages().get(0).envelope().origin().tls().orElseThrow().startsWith("TLSv1."));
        }
    }

    @Test
    void relayIsRefusedFromOutsideTheRelayNetworks() throws Exception {
        try (LoopbackServer server = new LoopbackServer(sink, LoopbackServer.outsider(), LimitSettings.DEFAULTS)) {
            Session session = mailSession(server.smtp(), false);
            MessagingException failure = assertThrows(MessagingException.class,
                    () -> Transport.send(message(session, "alice@remote.test", "bob@elsewhere.test")));
            SMTPAddressFailedException refused = (SMTPAddressFailedException) failure.getNextException();
            assertEquals(554, refused.getReturnCode());
            assertTrue(refused.getMessage().contains("5.7.1"), refused.getMessage());
            assertEquals(0, sink.messageCount());
        }
    }

    @Test
    void submissionRefusesMailWithoutAuth() throws Exception {
        try (LoopbackServer server = new LoopbackServer(sink, LOOPBACK_RELAYS, LimitSettings.DEFAULTS)) {
            Session session = mailSession(server.submission(), true);
            SMTPSendFailedException refused = assertThrows(SMTPSendFailedException.class,
                    () -> Transport.send(message(session, "alice@ours.test", "bob@ours.test")));
            assertEquals(530, refused.getReturnCode());
            assertTrue(refused.getMessage().contains("5.7.0"), refused.getMessage());
        }
    }

    @Test
    void implicitTlsOnSubmissionsGreetsInsideTls() throws Exception {
        try (LoopbackServer server = new LoopbackServer(sink, LOOPBACK_RELAYS, LimitSettings.DEFAULTS)) {
            Properties props = new Properties();
            props.put("mail.smtps.ssl.trust", "*");
            props.put("mail.smtps.ssl.checkserveridentity", "false");
            props.put("mail.smtps.timeout", "10000");
            Session session = Session.getInstance(props);
            try (Transport transport = session.getTransport("smtps")) {
                transport.connect(server.submissions().getHostString(), server.submissions().getPort(), null, null);
                assertTrue(transport.isConnected());
            }
        }
    }

    @Test
    void sizeFullSinkFailedCommitAndHeldCommitOnTheWire() throws Exception {
        LimitSettings limits = new LimitSettings(DataSize.ofBytes(10_000), 100, 100, 10,
                LimitSettings.DEFAULTS.sendRatePerUser(), 100);
        try (LoopbackServer server = new LoopbackServer(sink, LoopbackServer.outsider(), limits);
             RawClient client = new RawClient(server.smtp())) {
            client.reply();
            client.send("EHLO c.test\r\n");
            client.reply();
            client.send("MAIL FROM:<a@remote.test> SIZE=10001\r\n");
            assertTrue(client.reply().startsWith("552 5.3.4 "));

            sink.setFull(true);
            client.send("MAIL FROM:<a@remote.test>\r\n");
            assertTrue(client.reply().startsWith("452 4.3.1 "));
            sink.setFull(false);

            sink.failNextCommit();
            client.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\nDATA\r\n");
            client.reply();
            client.reply();
            client.reply();
            client.send("Subject: x\r\n\r\nbody\r\n.\r\n");
            assertTrue(client.reply().startsWith("451 4.3.0 "));
            assertEquals(0, sink.messageCount());

            sink.holdCommits();
            client.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\nDATA\r\n");
            client.reply();
            client.reply();
            client.reply();
            client.send("Subject: y\r\n\r\nbody\r\n.\r\nNOOP\r\n");
            assertTrue(sink.awaitHeldCommits(1, java.time.Duration.ofSeconds(10)));
            assertEquals(0, sink.messageCount(), "the commit is held");
            sink.releaseCommits();
            String queued = client.reply();
            assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);
            assertEquals(1, sink.messageCount(), "the 250 came after the commit");
            assertEquals("250 2.0.0 Ok\r\n", client.reply());
        }
    }

    @Test
    void aPipelinedBatchIsAnsweredInOrder() throws Exception {
        try (LoopbackServer server = new LoopbackServer(sink, LoopbackServer.outsider(), LimitSettings.DEFAULTS);
             RawClient client = new RawClient(server.smtp())) {
            client.reply();
            client.send("EHLO c.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<x@other.test>\r\n"
                    + "RCPT TO:<u@ours.test>\r\nDATA\r\n");
            assertTrue(client.reply().startsWith("250-mx.ours.test"));
            assertTrue(client.reply().startsWith("250 2.1.0"));
            assertTrue(client.reply().startsWith("554 5.7.1"));
            assertTrue(client.reply().startsWith("250 2.1.5"));
            assertTrue(client.reply().startsWith("354 "));
            client.send("Subject: x\r\n\r\nbody\r\n.\r\nMAIL FROM:<b@remote.test>\r\nQUIT\r\n");
            assertTrue(client.reply().startsWith("250 2.0.0 Ok: queued as "));
            assertTrue(client.reply().startsWith("250 2.1.0"));
            assertEquals("221 2.0.0 Bye\r\n", client.reply());
        }
    }

    @Test
    void perIpConnectionLimitWithTheRelayNetworkExemption() throws Exception {
        LimitSettings limits = new LimitSettings(DataSize.ofMebibytes(1), 100, 100, 2,
                LimitSettings.DEFAULTS.sendRatePerUser(), 100);
        try (LoopbackServer server = new LoopbackServer(sink, LoopbackServer.outsider(), limits);
             RawClient first = new RawClient(server.smtp());
             RawClient second = new RawClient(server.smtp());
             RawClient third = new RawClient(server.smtp())) {
            assertTrue(first.reply().startsWith("220 "));
            assertTrue(second.reply().startsWith("220 "));
            assertTrue(third.reply().startsWith("421 4.7.0 "));
            assertTrue(third.closedByServer());
        }
        try (LoopbackServer server = new LoopbackServer(sink, LOOPBACK_RELAYS, limits);
             RawClient first = new RawClient(server.smtp());
             RawClient second = new RawClient(server.smtp());
             RawClient third = new RawClient(server.smtp())) {
            assertTrue(first.reply().startsWith("220 "));
            assertTrue(second.reply().startsWith("220 "));
            assertTrue(third.reply().startsWith("220 "), "relay networks are exempt from the per-IP limit");
        }
    }
}
