package dev.mta.delivery.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.address.ReversePath;
import dev.mta.core.config.Secret;
import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.DsnReturn;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.Recipient;
import dev.mta.core.smtp.Reply;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedResponse;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import dev.mta.testkit.smtp.TestCertificate;
import dev.mta.testkit.smtp.Verb;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The client against {@link ScriptedSmtpServer} on loopback: real sockets, real TLS. */
class SmtpClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String TEXT = "Subject: test\r\n\r\nHello\r\n";
    private static EventLoopGroup group;
    private static ExecutorService contentExecutor;
    private static TestCertificate certificate;

    @BeforeAll
    static void start() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        contentExecutor = Executors.newFixedThreadPool(2);
        certificate = TestCertificate.create("mx.test");
    }

    @AfterAll
    static void stop() throws InterruptedException {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
        contentExecutor.shutdownNow();
    }

    // ---- helpers ---------------------------------------------------------------------------------------

    private static ClientSettings settings() {
        return ClientSettings.defaults("client.test").withTrust(certificate.trustManagerFactory());
    }

    private static ConnectResult connect(ScriptedSmtpServer server, ClientSettings settings, TlsPolicy policy,
                                         Optional<ClientCredentials> login) throws Exception {
        SmtpClient client = new SmtpClient(group, contentExecutor, settings);
        return client.connect(new Destination(server.address(), "mx.test", policy, login)).toCompletableFuture()
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static SmtpConnection connected(ScriptedSmtpServer server) throws Exception {
        return connected(server, settings(), TlsPolicy.OPPORTUNISTIC);
    }

    private static SmtpConnection connected(ScriptedSmtpServer server, ClientSettings settings, TlsPolicy policy)
            throws Exception {
        ConnectResult result = connect(server, settings, policy, Optional.empty());
        return assertInstanceOf(ConnectResult.Connected.class, result, result::toString).connection();
    }

    private static ConnectResult.Failed failed(ConnectResult result) {
        return assertInstanceOf(ConnectResult.Failed.class, result, result::toString);
    }

    private static TransactionResult send(SmtpConnection connection, OutboundEnvelope envelope, ContentSource content)
            throws Exception {
        return connection.send(envelope, content).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static TransactionResult send(SmtpConnection connection, String... recipients) throws Exception {
        return send(connection, envelope(MailParameters.DEFAULT, recipients), content(TEXT));
    }

    private static OutboundEnvelope envelope(MailParameters parameters, String... recipients) {
        return new OutboundEnvelope(ReversePath.of(Envelopes.mailbox("alice@example.net")), parameters,
                Stream.of(recipients).map(r -> Recipient.of(Envelopes.mailbox(r))).toList());
    }

    private static MailParameters body(BodyType type) {
        return new MailParameters(type, false, OptionalLong.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    static ContentSource content(String text) {
        return content(text.getBytes(StandardCharsets.UTF_8));
    }

    static ContentSource content(byte[] octets) {
        return new ContentSource() {
            @Override
            public long size() {
                return octets.length;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(octets);
            }
        };
    }

    private static void assertOutcome(RecipientResult result, Outcome outcome, int code) {
        assertEquals(outcome, result.outcome(), result::toString);
        assertEquals(code, result.reply().code(), result::toString);
    }

    private static String status(RecipientResult result) {
        return result.reply().status().map(Object::toString).orElse("");
    }

    // ---- transactions ----------------------------------------------------------------------------------

    @Test
    void happyPathWithPipelining() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            SmtpConnection connection = connected(server);
            assertTrue(connection.capabilities().pipelining());
            TransactionResult result = send(connection, "bob@example.com", "carol@example.com");

            assertTrue(result.allAccepted(), result::toString);
            assertEquals(250, result.dataReply().orElseThrow().code());
            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals("MAIL FROM:<alice@example.net>", tx.mail());
            assertEquals(List.of("RCPT TO:<bob@example.com>", "RCPT TO:<carol@example.com>"), tx.rcpts());
            assertEquals(TEXT, tx.contentText());
            assertEquals(List.of("EHLO client.test", "MAIL FROM:<alice@example.net>", "RCPT TO:<bob@example.com>",
                    "RCPT TO:<carol@example.com>", "DATA"), server.commands());
        }
    }

    @Test
    void happyPathWithoutPipelining() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().extensions("8BITMIME")) {
            SmtpConnection connection = connected(server);
            assertFalse(connection.capabilities().pipelining());
            assertTrue(send(connection, "bob@example.com").allAccepted());
            assertEquals(TEXT, server.takeTransaction(WAIT).contentText());
        }
    }

    @ParameterizedTest(name = "pipelining={0}")
    @CsvSource({"true", "false"})
    void mixedRecipientReplies(boolean pipelining) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.extensions(pipelining ? new String[] {"PIPELINING", "ENHANCEDSTATUSCODES"}
                    : new String[] {"ENHANCEDSTATUSCODES"});
            server.script(Verb.RCPT, ScriptedResponse.reply("250 2.1.5 Ok"),
                    ScriptedResponse.reply("450 4.2.1 Try later"), ScriptedResponse.reply("550 5.1.1 No such user"));
            TransactionResult result = send(connected(server), "a@example.com", "b@example.com", "c@example.com");

            assertOutcome(result.recipient(0), Outcome.ACCEPTED, 250);
            assertEquals("2.0.0", status(result.recipient(0)), "the end-of-data reply decides an accepted one");
            assertOutcome(result.recipient(1), Outcome.TEMPORARY, 450);
            assertOutcome(result.recipient(2), Outcome.PERMANENT, 550);
            assertEquals("5.1.1", status(result.recipient(2)));
            assertEquals(3, server.takeTransaction(WAIT).rcpts().size());
        }
    }

    @ParameterizedTest(name = "{0} {1} pipelining={3}")
    @CsvSource({
        "MAIL,     451 4.3.0 Busy,          TEMPORARY, true",
        "MAIL,     550 5.7.1 Go away,       PERMANENT, true",
        "RCPT,     452 4.5.3 Too many,      TEMPORARY, true",
        "RCPT,     550 5.1.1 Unknown,       PERMANENT, true",
        "DATA,     451 4.3.0 Not now,       TEMPORARY, true",
        "DATA,     554 5.5.0 No,            PERMANENT, true",
        "DATA_END, 452 4.3.1 Disk full,     TEMPORARY, true",
        "DATA_END, 552 5.3.4 Too big,       PERMANENT, true",
        "MAIL,     451 4.3.0 Busy,          TEMPORARY, false",
        "MAIL,     550 5.7.1 Go away,       PERMANENT, false",
        "RCPT,     452 4.5.3 Too many,      TEMPORARY, false",
        "RCPT,     550 5.1.1 Unknown,       PERMANENT, false",
        "DATA,     451 4.3.0 Not now,       TEMPORARY, false",
        "DATA,     554 5.5.0 No,            PERMANENT, false",
        "DATA_END, 452 4.3.1 Disk full,     TEMPORARY, false",
        "DATA_END, 552 5.3.4 Too big,       PERMANENT, false",
    })
    void refusalAtEachStep(Verb verb, String reply, Outcome outcome, boolean pipelining) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.extensions(pipelining ? new String[] {"PIPELINING"} : new String[0]);
            server.script(verb, ScriptedResponse.reply(reply));
            SmtpConnection connection = connected(server);
            TransactionResult result = send(connection, "bob@example.com");

            assertOutcome(result.recipient(0), outcome, Integer.parseInt(reply.substring(0, 3)));
            assertEquals(reply.substring(4, 9), status(result.recipient(0)));
            assertEquals(verb == Verb.DATA_END, server.pollTransaction().isPresent(), "data sent only after 354");
            // The connection is still good for the next message.
            assertTrue(send(connection, "bob@example.com").allAccepted());
        }
    }

    @Test
    void dotStuffingAndCrlfOnTheWire() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            String stored = "Subject: dots\n\n.hidden\r\n..two\rx\r\n.\r\nQUIT\r\nend";
            assertTrue(send(connected(server), envelope(MailParameters.DEFAULT, "bob@example.com"), content(stored))
                    .allAccepted());
            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals("Subject: dots\r\n\r\n..hidden\r\n...two x\r\n..\r\nQUIT\r\nend\r\n", tx.wireText());
            assertEquals("Subject: dots\r\n\r\n.hidden\r\n..two x\r\n.\r\nQUIT\r\nend\r\n", tx.contentText());
            assertEquals(List.of("EHLO client.test", "MAIL FROM:<alice@example.net>", "RCPT TO:<bob@example.com>",
                    "DATA"), server.commands(), "nothing in the content was taken as a command");
        }
    }

    @Test
    void aLargeMessageIsStreamedInBlocks() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            byte[] line = "0123456789012345678901234567890123456789012345678901234567890123456789\r\n"
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] big = new byte[line.length * 10_000];
            for (int i = 0; i < 10_000; i++) {
                System.arraycopy(line, 0, big, i * line.length, line.length);
            }
            assertTrue(send(connected(server), envelope(MailParameters.DEFAULT, "bob@example.com"), content(big))
                    .allAccepted());
            assertArrayEquals(big, server.takeTransaction(WAIT).content());
        }
    }

    @Test
    void sizeIsSentAndAMessageOverTheLimitIsRefusedBeforeSending() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().extensions("PIPELINING", "SIZE 30")) {
            SmtpConnection connection = connected(server);
            TransactionResult refused = send(connection, envelope(MailParameters.DEFAULT, "bob@example.com"),
                    content("x".repeat(31)));
            assertOutcome(refused.recipient(0), Outcome.PERMANENT, 552);
            assertEquals("5.3.4", status(refused.recipient(0)));
            assertEquals(List.of("EHLO client.test"), server.commands(), "nothing sent for a refused message");

            assertTrue(send(connection, envelope(MailParameters.DEFAULT, "bob@example.com"), content("x".repeat(30)))
                    .allAccepted());
            assertEquals("MAIL FROM:<alice@example.net> SIZE=30", server.takeTransaction(WAIT).mail());
        }
    }

    @Test
    void smtputf8IsRefusedWithoutTheExtensionAndSentWithIt() throws Exception {
        OutboundEnvelope utf8 = envelope(MailParameters.DEFAULT, "j\u00f6rg@example.com");
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            TransactionResult result = send(connected(server), utf8, content(TEXT));
            assertOutcome(result.recipient(0), Outcome.PERMANENT, 553);
            assertEquals("5.6.7", status(result.recipient(0)));
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().extensions("PIPELINING", "SMTPUTF8")) {
            assertTrue(send(connected(server), utf8, content(TEXT)).allAccepted());
            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals("MAIL FROM:<alice@example.net> SMTPUTF8", tx.mail());
            assertEquals(List.of("RCPT TO:<j\u00f6rg@example.com>"), tx.rcpts());
        }
    }

    @Test
    void eightBitBodyGoesAsIsToAServerWithout8bitmime() throws Exception {
        byte[] eightBit = "Subject: x\r\n\r\ncaf\u00e9\r\n".getBytes(StandardCharsets.UTF_8);
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().extensions("PIPELINING")) {
            assertTrue(send(connected(server), envelope(body(BodyType.EIGHT_BIT_MIME), "bob@example.com"),
                    content(eightBit)).allAccepted());
            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals("MAIL FROM:<alice@example.net>", tx.mail());
            assertArrayEquals(eightBit, tx.content());
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            assertTrue(send(connected(server), envelope(body(BodyType.EIGHT_BIT_MIME), "bob@example.com"),
                    content(eightBit)).allAccepted());
            assertEquals("MAIL FROM:<alice@example.net> BODY=8BITMIME", server.takeTransaction(WAIT).mail());
        }
    }

    @Test
    void binarymimeNeedsChunkingAndGoesByteForByteWithBdat() throws Exception {
        byte[] binary = {'a', '\n', 0, (byte) 0xFF, '\r', '.', '\r', '\n', '.', '\r', '\n'};
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().extensions("PIPELINING", "BINARYMIME")) {
            TransactionResult result = send(connected(server), envelope(body(BodyType.BINARY_MIME), "bob@example.com"),
                    content(binary));
            assertOutcome(result.recipient(0), Outcome.PERMANENT, 554);
            assertEquals("5.6.3", status(result.recipient(0)));
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().extensions("CHUNKING", "BINARYMIME")) {
            assertTrue(send(connected(server), envelope(body(BodyType.BINARY_MIME), "bob@example.com"),
                    content(binary)).allAccepted());
            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals("MAIL FROM:<alice@example.net> BODY=BINARYMIME", tx.mail());
            assertArrayEquals(binary, tx.content());
            assertTrue(server.commands().contains("BDAT 0 LAST"), server.commands()::toString);
            assertFalse(server.commands().contains("DATA"));
        }
    }

    @Test
    void dsnParametersPassedOnlyWhenOffered() throws Exception {
        MailParameters dsn = new MailParameters(BodyType.SEVEN_BIT, false, OptionalLong.empty(),
                Optional.of(DsnReturn.HDRS), Optional.of("Q1"), Optional.empty());
        OutboundEnvelope envelope = new OutboundEnvelope(ReversePath.of(Envelopes.mailbox("alice@example.net")), dsn,
                List.of(new Recipient(Envelopes.mailbox("bob@example.com"), Set.of(DsnNotify.NEVER),
                        Optional.of("rfc822;bob@example.com"))));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().extensions("PIPELINING", "DSN")) {
            assertTrue(send(connected(server), envelope, content(TEXT)).allAccepted());
            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals("MAIL FROM:<alice@example.net> RET=HDRS ENVID=Q1", tx.mail());
            assertEquals(List.of("RCPT TO:<bob@example.com> NOTIFY=NEVER ORCPT=rfc822;bob@example.com"), tx.rcpts());
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            assertTrue(send(connected(server), envelope, content(TEXT)).allAccepted());
            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals("MAIL FROM:<alice@example.net>", tx.mail());
            assertEquals(List.of("RCPT TO:<bob@example.com>"), tx.rcpts());
        }
    }

    @Test
    void nullSender() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            OutboundEnvelope bounce = new OutboundEnvelope(ReversePath.NULL, MailParameters.DEFAULT,
                    List.of(Recipient.of(Envelopes.mailbox("bob@example.com"))));
            assertTrue(send(connected(server), bounce, content(TEXT)).allAccepted());
            assertEquals("MAIL FROM:<>", server.takeTransaction(WAIT).mail());
        }
    }

    @Test
    void twoMessagesShareOneConnectionWithRsetBetween() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            SmtpConnection connection = connected(server);
            assertTrue(send(connection, "bob@example.com").allAccepted());
            assertTrue(send(connection, "carol@example.com").allAccepted());
            assertEquals(1, server.takeTransaction(WAIT).connection());
            assertEquals(1, server.takeTransaction(WAIT).connection());
            assertEquals(1, server.connectionCount());
            assertEquals(1, server.commands().stream().filter("RSET"::equals).count());
            connection.quit().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals("QUIT", server.commands().get(server.commands().size() - 1));
        }
    }

    @Test
    void anIdleConnectionSendsQuit() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            SmtpConnection connection = connected(server, settings().withIdleTimeout(Duration.ofMillis(50)),
                    TlsPolicy.OPPORTUNISTIC);
            assertTrue(send(connection, "bob@example.com").allAccepted());
            String command;
            do {
                command = server.takeCommand(WAIT);
            } while (!command.equals("QUIT"));
        }
    }

    // ---- failures of the session ----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            '250-a\\r\\n2\\r\\n'
            '250 ok\\n'
            '250-a\\r\\n550 b\\r\\n'
            '250 ok\\r\\n250 extra\\r\\n'
            '354 go on\\r\\n'
            """)
    void malformedReplyIsATemporaryFailure(String wire) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().extensions("ENHANCEDSTATUSCODES")) {
            server.script(Verb.MAIL, ScriptedResponse.raw(SmtpReplyDecoderTest.unescape(wire)));
            SmtpConnection connection = connected(server);
            TransactionResult result = send(connection, "bob@example.com");
            assertEquals(Outcome.TEMPORARY, result.recipient(0).outcome(), result::toString);
            assertEquals("4.5.0", status(result.recipient(0)));
            assertFalse(connection.isOpen());
            assertTrue(server.pollTransaction().isEmpty());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'421 4.3.2 Shutting down', 421", "'554 No SMTP service here', 554"})
    void greetingRefused(String greeting, int code) throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script(Verb.GREETING, ScriptedResponse.reply(greeting));
            ConnectResult.Failed failed = failed(connect(server, settings(), TlsPolicy.OPPORTUNISTIC,
                    Optional.empty()));
            assertEquals(code, failed.reply().code());
            assertEquals("QUIT", server.takeCommand(WAIT), "RFC 5321 section 3.1: QUIT after a refusing greeting");
        }
    }

    @Test
    void closeAfterGreetingIsATemporaryFailure() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script(Verb.GREETING, ScriptedResponse.reply("220 hi"));
            server.script(Verb.EHLO, ScriptedResponse.close());
            ConnectResult.Failed failed = failed(connect(server, settings(), TlsPolicy.OPPORTUNISTIC,
                    Optional.empty()));
            assertEquals(421, failed.reply().code());
        }
    }

    @Test
    void connectionRefusedIsATemporaryFailure() throws Exception {
        ScriptedSmtpServer server = ScriptedSmtpServer.start();
        server.close();
        ConnectResult.Failed failed = failed(connect(server, settings(), TlsPolicy.OPPORTUNISTIC, Optional.empty()));
        assertEquals(Reply.of(421, "4.4.1", "Could not connect to next hop"), failed.reply());
    }

    @Test
    void ehloRefusedFallsBackToHelo() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script(Verb.EHLO, ScriptedResponse.reply("502 5.5.2 Command not implemented"));
            SmtpConnection connection = connected(server);
            assertEquals(ServerCapabilities.NONE, connection.capabilities());
            assertTrue(send(connection, "bob@example.com").allAccepted());
            assertEquals(List.of("EHLO client.test", "HELO client.test"), server.commands().subList(0, 2));
        }
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        ClientSettings quick = settings().withTimeouts(ClientTimeouts.all(Duration.ofMillis(200)));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script(Verb.RCPT, ScriptedResponse.silence());
            SmtpConnection connection = connected(server, quick, TlsPolicy.OPPORTUNISTIC);
            TransactionResult result = send(connection, "bob@example.com");
            assertEquals(ClientReplies.TIMEOUT, result.recipient(0).reply());
            assertEquals(Outcome.TEMPORARY, result.recipient(0).outcome());
            assertFalse(connection.isOpen());
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script(Verb.GREETING, ScriptedResponse.silence());
            assertEquals(ClientReplies.TIMEOUT, failed(connect(server, quick, TlsPolicy.OPPORTUNISTIC,
                    Optional.empty())).reply());
        }
    }

    @Test
    void anUnreadableMessageIsNeverEndedWithADot() throws Exception {
        ContentSource broken = new ContentSource() {
            @Override
            public long size() {
                return 100;
            }

            @Override
            public InputStream open() {
                InputStream failing = new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("disk error");
                    }
                };
                return new SequenceInputStream(new ByteArrayInputStream(new byte[10]), failing);
            }
        };
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            SmtpConnection connection = connected(server);
            TransactionResult result = send(connection, envelope(MailParameters.DEFAULT, "bob@example.com"), broken);
            assertEquals(ClientReplies.CONTENT_UNREADABLE, result.recipient(0).reply());
            assertFalse(connection.isOpen());
            assertTrue(server.pollTransaction().isEmpty());
        }
    }

    // ---- TLS and AUTH ---------------------------------------------------------------------------------

    @Test
    void startTlsWhenOfferedAndCapabilitiesFromAfterIt() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(certificate)) {
            SmtpConnection connection = connected(server);
            assertTrue(connection.session().tls().isPresent());
            assertFalse(connection.session().tlsVerified());
            assertFalse(connection.capabilities().startTls(), "the post-TLS EHLO reply counts");
            assertTrue(send(connection, "bob@example.com").allAccepted());
            assertTrue(server.takeTransaction(WAIT).tls());
            assertEquals(List.of("EHLO client.test", "STARTTLS", "EHLO client.test"), server.commands().subList(0, 3));
        }
    }

    @Test
    void capabilitiesFromBeforeTlsAreForgotten() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(certificate)) {
            server.script(Verb.EHLO, ScriptedResponse.reply("250-mx.test", "250-STARTTLS", "250-SIZE 10",
                    "250 AUTH PLAIN"), ScriptedResponse.reply("250-mx.test", "250 PIPELINING"));
            SmtpConnection connection = connected(server);
            assertEquals(OptionalLong.empty(), connection.capabilities().maxSize());
            assertTrue(connection.capabilities().authMechanisms().isEmpty());
            assertTrue(connection.capabilities().pipelining());
        }
    }

    @Test
    void injectionAfterStartTlsDropsTheConnection() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(certificate)) {
            server.script(Verb.STARTTLS,
                    ScriptedResponse.raw("220 2.0.0 Ready\r\n250-evil.test\r\n250 AUTH PLAIN\r\n"));
            ConnectResult.Failed failed = failed(connect(server, settings(), TlsPolicy.OPPORTUNISTIC,
                    Optional.empty()));
            assertEquals(ClientReplies.TLS_INJECTION, failed.reply());
            assertEquals(List.of("EHLO client.test", "STARTTLS"), server.commands());
        }
    }

    @Test
    void tlsRequiredButNotOfferedIsNeverSentInClear() throws Exception {
        for (TlsPolicy policy : List.of(TlsPolicy.REQUIRED, TlsPolicy.VERIFY)) {
            try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
                ConnectResult.Failed failed = failed(connect(server, settings(), policy, Optional.empty()));
                assertEquals("4.7.0", failed.reply().status().orElseThrow().format());
                assertFalse(server.commands().stream().anyMatch(c -> c.startsWith("MAIL")));
            }
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(certificate)) {
            server.script(Verb.STARTTLS, ScriptedResponse.reply("454 4.7.0 TLS not available"));
            ConnectResult.Failed failed = failed(connect(server, settings(), TlsPolicy.REQUIRED, Optional.empty()));
            assertEquals(ClientReplies.TLS_UNAVAILABLE, failed.reply());
        }
    }

    @Test
    void verifiedTlsChecksTheHostName() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(certificate)) {
            SmtpConnection connection = connected(server, settings(), TlsPolicy.VERIFY);
            assertTrue(connection.session().tlsVerified());
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(TestCertificate.create("other.test"))) {
            ConnectResult.Failed failed = failed(connect(server, settings(), TlsPolicy.VERIFY, Optional.empty()));
            assertEquals(ClientReplies.TLS_UNAVAILABLE, failed.reply());
        }
    }

    @Test
    void theObserverIsToldOfEachHandshakeWithItsProtocolOrItsFailure() throws Exception {
        LinkedBlockingQueue<Optional<String>> handshakes = new LinkedBlockingQueue<>();
        SmtpClient client = new SmtpClient(group, NioSocketChannel.class,
                contentExecutor, settings(), new SmtpClientObserver() {
                    @Override
                    public void tlsHandshake(Optional<String> protocol) {
                        handshakes.add(protocol);
                    }
                });
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(certificate)) {
            ConnectResult ok = client.connect(new Destination(server.address(), "mx.test", TlsPolicy.VERIFY,
                    Optional.empty())).toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            String protocol = assertInstanceOf(ConnectResult.Connected.class, ok, ok::toString).connection()
                    .session().tls().orElseThrow().split(" ")[0];
            assertEquals(Optional.of(protocol), handshakes.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(TestCertificate.create("other.test"))) {
            failed(client.connect(new Destination(server.address(), "mx.test", TlsPolicy.VERIFY, Optional.empty()))
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(Optional.empty(), handshakes.poll(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        assertTrue(handshakes.isEmpty(), handshakes.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"'AUTH PLAIN LOGIN'", "'AUTH LOGIN'"})
    void authOverVerifiedTls(String offered) throws Exception {
        ClientCredentials login = new ClientCredentials("relay-user", new Secret("s3cret"));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(certificate)
                .requireAuth("relay-user", "s3cret")) {
            server.script(Verb.EHLO, ScriptedResponse.reply("250-mx.test", "250 STARTTLS"),
                    ScriptedResponse.reply("250-mx.test", "250-PIPELINING", "250 " + offered));
            ConnectResult result = connect(server, settings(), TlsPolicy.VERIFY, Optional.of(login));
            SmtpConnection connection = assertInstanceOf(ConnectResult.Connected.class, result, result::toString)
                    .connection();
            assertTrue(connection.session().authenticated());
            assertTrue(send(connection, "bob@example.com").allAccepted());
        }
    }

    @Test
    void authIsNeverSentWithoutVerifiedTls() throws Exception {
        ClientCredentials login = new ClientCredentials("relay-user", new Secret("s3cret"));
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().requireAuth("relay-user", "s3cret")) {
            ConnectResult.Failed clear = failed(connect(server, settings(), TlsPolicy.OPPORTUNISTIC, Optional.of(login)));
            assertEquals(ClientReplies.AUTH_NEEDS_VERIFIED_TLS, clear.reply());
            ConnectResult.Failed verify = failed(connect(server, settings(), TlsPolicy.VERIFY, Optional.of(login)));
            assertEquals(ClientReplies.TLS_UNAVAILABLE, verify.reply());
        }
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().startTls(certificate)
                .requireAuth("relay-user", "s3cret")) {
            ConnectResult.Failed unverified = failed(connect(server, settings(), TlsPolicy.REQUIRED,
                    Optional.of(login)));
            assertEquals(ClientReplies.AUTH_NEEDS_VERIFIED_TLS, unverified.reply());
            assertTrue(server.commands().stream().noneMatch(c -> c.startsWith("AUTH")), server.commands()::toString);
            assertTrue(server.commands().stream().noneMatch(c -> Arrays.asList("cmVsYXktdXNlcg==").contains(c)));
        }
    }
}
