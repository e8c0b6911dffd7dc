package dev.mta.smtpd.session;

import dev.mta.core.config.DataSize;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.testkit.sink.InMemoryMessageSink;
import dev.mta.testkit.sink.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SmtpSessionTest {

    private static final String MESSAGE = "From: a@remote.test\r\nSubject: hi\r\n\r\nbody\r\n..dot\r\n";
    private static final String TRANSACTION = "MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\nDATA\r\n";

    private final InMemoryMessageSink sink = new InMemoryMessageSink(EmbeddedSession.CLOCK, Runnable::run);

    private EmbeddedSession session(boolean relayClient) {
        return new EmbeddedSession(sink, ListenerRole.SMTP, relayClient);
    }

    @Test
    void greetsAndAdvertisesTheExtensionsWithoutStartTlsWhenThereIsNoCertificate() {
        try (EmbeddedSession s = session(false)) {
            assertEquals("220 mx.ours.test ESMTP\r\n", s.output());
            s.send("EHLO client.remote.test\r\n");
            assertEquals("250-mx.ours.test\r\n250-PIPELINING\r\n250-SIZE 36700160\r\n250-8BITMIME\r\n"
                    + "250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250-CHUNKING\r\n250-BINARYMIME\r\n250 DSN\r\n",
                    s.output());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5, 7, 64})
    void acceptsAMessageSentInAnyChunkingAndAnswersOnlyAfterTheCommit(int chunk) {
        try (EmbeddedSession s = session(false).greeted()) {
            s.sendInChunks(TRANSACTION + MESSAGE + ".\r\nQUIT\r\n", chunk);
            String out = s.output();
            assertTrue(out.matches("250 2\\.1\\.0 .*\r\n250 2\\.1\\.5 .*\r\n354 .*\r\n"
                    + "250 2\\.0\\.0 Ok: queued as [0-9A-Z]{14}\r\n221 2\\.0\\.0 Bye\r\n"), out);
            assertEquals(1, sink.messageCount());
            StoredMessage stored = sink.messages().get(0);
            assertEquals("u@ours.test", stored.envelope().recipients().get(0).address().toString());
            assertEquals("a@remote.test", stored.envelope().sender().mailbox().orElseThrow().toString());
            String content = stored.contentAsUtf8();
            assertTrue(content.startsWith("Received: from client.remote.test (unknown [0.0.0.0])\r\n"
                    + "\tby mx.ours.test with ESMTP id "), content);
            assertTrue(content.contains("\r\n\tfor <u@ours.test>; Wed, 25 Nov 2026 12:00:00 +0000\r\n"), content);
            assertTrue(content.endsWith(MESSAGE.replace("..dot", ".dot")), content);
            assertFalse(content.contains("Message-ID:"), "mail from outside gets no Message-ID added");
        }
    }

    @Test
    void locallyOriginatedMailGetsMessageIdAndDate() {
        try (EmbeddedSession s = session(true).greeted()) {
            s.send("MAIL FROM:<me@ours.test>\r\nRCPT TO:<x@elsewhere.test>\r\nDATA\r\n");
            s.send("Subject: local\r\n\r\nhi\r\n.\r\n");
            assertTrue(s.output().contains("250 2.0.0 Ok: queued as "));
            String content = sink.messages().get(0).contentAsUtf8();
            assertTrue(content.contains("\r\nMessage-ID: <"), content);
            assertTrue(content.contains("\r\nDate: Wed, 25 Nov 2026 12:00:00 +0000\r\n"), content);
        }
    }

    @Test
    void aPipelinedBatchIsAnsweredInOrder() {
        try (EmbeddedSession s = session(false)) {
            s.output();
            s.send("EHLO c.test\r\nMAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\nRCPT TO:<x@other.test>\r\n"
                    + "NOOP\r\nRSET\r\nVRFY u\r\nHELP\r\nFOO\r\nAUTH PLAIN\r\n");
            String[] lines = s.output().split("\r\n");
            String codes = java.util.Arrays.stream(lines).filter(l -> l.charAt(3) == ' ')
                    .map(l -> l.substring(0, 3)).reduce("", (a, b) -> a + b + " ").strip();
            assertEquals("250 250 250 554 250 250 252 214 500 502", codes);
        }
    }

    @Test
    void noReplyBeforeAHeldCommitCompletesAndPipelinedCommandsWait() {
        sink.holdCommits();
        try (EmbeddedSession s = session(false).greeted()) {
            s.send(TRANSACTION);
            s.output();
            s.send(MESSAGE + ".\r\nNOOP\r\n");
            assertEquals("", s.output(), "nothing before the message is durable");
            assertFalse(s.channel.config().isAutoRead(), "reading stops while the reply waits");
            sink.releaseCommits();
            String out = s.output();
            assertTrue(out.matches("250 2\\.0\\.0 Ok: queued as \\w+\r\n250 2\\.0\\.0 Ok\r\n"), out);
            assertTrue(s.channel.config().isAutoRead());
        }
    }

    @Test
    void aFailedCommitIs451AndLeavesNothing() {
        sink.failNextCommit();
        try (EmbeddedSession s = session(false).greeted()) {
            s.send(TRANSACTION + MESSAGE + ".\r\n");
            String out = s.output();
            assertTrue(out.endsWith("451 4.3.0 Local error in processing, try again later\r\n"), out);
            assertEquals(0, sink.messageCount());
            assertEquals(0, sink.openWriterCount());
        }
    }

    @Test
    void aFailedWriteIs451AfterTheRealEndOfData() {
        sink.failNextWrite();
        try (EmbeddedSession s = session(false).greeted()) {
            s.send(TRANSACTION);
            s.send(MESSAGE);
            s.send(".\r\nNOOP\r\n");
            assertTrue(s.output().endsWith("451 4.3.0 Local error in processing, try again later\r\n250 2.0.0 Ok\r\n"));
            assertEquals(0, sink.messageCount());
            assertEquals(0, sink.openWriterCount());
        }
    }

    @Test
    void aFullQueueIs452AtMail() {
        sink.setFull(true);
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\n");
            assertEquals("452 4.3.1 Insufficient system storage, try again later\r\n", s.output());
        }
    }

    @Test
    void aDeclaredSizeOverTheLimitIs552AtMail() {
        LimitSettings limits = new LimitSettings(DataSize.ofBytes(1000), 10, 10, 10,
                LimitSettings.DEFAULTS.sendRatePerUser(), 100);
        try (EmbeddedSession s = new EmbeddedSession(sink, ListenerRole.SMTP, false, limits).greeted()) {
            s.send("MAIL FROM:<a@remote.test> SIZE=1001\r\nMAIL FROM:<a@remote.test> SIZE=1000\r\n");
            assertEquals("552 5.3.4 Message size exceeds fixed limit\r\n250 2.1.0 Sender ok\r\n", s.output());
        }
    }

    @Test
    void tooManyRecipientsIs452() {
        LimitSettings limits = new LimitSettings(DataSize.ofMebibytes(1), 2, 10, 10,
                LimitSettings.DEFAULTS.sendRatePerUser(), 100);
        try (EmbeddedSession s = new EmbeddedSession(sink, ListenerRole.SMTP, false, limits).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<a@ours.test>\r\nRCPT TO:<b@ours.test>\r\n"
                    + "RCPT TO:<c@ours.test>\r\n");
            assertTrue(s.output().endsWith("452 4.5.3 Too many recipients\r\n"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SUBMISSION", "SUBMISSIONS"})
    void submissionRefusesMailWithoutAuth(ListenerRole role) {
        try (EmbeddedSession s = new EmbeddedSession(sink, role, true).greeted()) {
            s.send("MAIL FROM:<a@ours.test>\r\nAUTH PLAIN\r\n");
            assertEquals("530 5.7.0 Authentication required\r\n502 5.5.1 AUTH not available\r\n", s.output());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<u@other.test>", "<user%other.test@ours.test>", "<other.test!user@ours.test>",
            "<\"user@other.test\"@ours.test>", "<@ours.test,@relay.test:u@other.test>", "<u@[192.0.2.1]>",
            "<u@OTHER.TEST>", "<u@ours.test.other.test>"})
    void addressTricksNeverRelayForAClientOutsideTheRelayNetworks(String path) {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:" + path + "\r\n");
            String out = s.output();
            assertTrue(out.endsWith("554 5.7.1 Relay access denied\r\n") || out.matches("(?s).*\r\n50[01] .*"),
                    path + " -> " + out);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"<u@ours.test>", "<U@OURS.TEST>", "<postmaster@list.test>", "<postmaster>",
            "<known@list.test>", "<Known@List.Test>"})
    void acceptedDomainsTakeMailFromAnyone(String path) {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:" + path + "\r\n");
            assertTrue(s.output().endsWith("250 2.1.5 Recipient ok\r\n"), path);
        }
    }

    @Test
    void unknownRecipientOfAListedDomainIs550() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<nobody@list.test>\r\n");
            assertTrue(s.output().endsWith("550 5.1.1 No such user here\r\n"));
        }
    }

    @Test
    void barePostmasterIsOurs() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<Postmaster>\r\nDATA\r\nSubject: x\r\n\r\n.\r\n");
            assertTrue(s.output().contains("queued as"));
            assertEquals("postmaster@mx.ours.test",
                    sink.messages().get(0).envelope().recipients().get(0).address().toString());
        }
    }

    @Test
    void relayNetworkClientsRelay() {
        try (EmbeddedSession s = session(true).greeted()) {
            s.send("MAIL FROM:<a@ours.test>\r\nRCPT TO:<x@other.test>\r\n");
            assertTrue(s.output().endsWith("250 2.1.5 Recipient ok\r\n"));
        }
    }

    @Test
    void bdatChunksMakeOneMessageAndCannotBeMixedWithData() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.sendInChunks("MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\nBDAT 12\r\nSubject: x\r\n"
                    + "BDAT 7\r\n\r\nbody\nDATA\r\nBDAT 0 LAST\r\nNOOP\r\n", 5);
            String out = s.output();
            assertTrue(out.matches("250 2\\.1\\.0 .*\r\n250 2\\.1\\.5 .*\r\n250 2\\.0\\.0 12 octets received\r\n"
                    + "250 2\\.0\\.0 7 octets received\r\n503 5\\.5\\.1 .*\r\n"
                    + "250 2\\.0\\.0 Ok: queued as \\w+\r\n250 2\\.0\\.0 Ok\r\n"), out);
            String content = sink.messages().get(0).contentAsUtf8();
            assertTrue(content.endsWith("\r\nSubject: x\r\n\r\nbody\r\n"), "bare LF stored as CRLF: " + content);
        }
    }

    @Test
    void aRefusedBdatChunkIsReadAsDataNotCommands() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("BDAT 12\r\nQUIT\r\nQUIT\r\nNOOP\r\n");
            assertEquals("503 5.5.1 Send MAIL FROM first\r\n250 2.0.0 Ok\r\n", s.output());
        }
    }

    @Test
    void binaryMimeNeedsBdat() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test> BODY=BINARYMIME\r\nRCPT TO:<u@ours.test>\r\nDATA\r\n");
            assertTrue(s.output().endsWith("503 5.5.1 BODY=BINARYMIME requires BDAT, not DATA\r\n"));
        }
    }

    @Test
    void badSequencesAre503() {
        try (EmbeddedSession s = session(false)) {
            s.output();
            s.send("MAIL FROM:<a@remote.test>\r\nEHLO c\r\nRCPT TO:<u@ours.test>\r\nDATA\r\n"
                    + "MAIL FROM:<a@remote.test>\r\nMAIL FROM:<a@remote.test>\r\nDATA\r\n");
            String codes = s.output().lines().filter(l -> l.charAt(3) == ' ').map(l -> l.substring(0, Math.min(9, l.length())))
                    .reduce("", (a, b) -> a + b + "|");
            assertEquals("503 5.5.1|250 DSN|503 5.5.1|503 5.5.1|250 2.1.0|503 5.5.1|554 5.5.0|", codes);
        }
    }

    @Test
    void tooManyErrorsCloseTheSession() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("FOO\r\n".repeat(SessionConfig.DEFAULT_MAX_ERRORS + 2));
            String out = s.output();
            assertEquals(SessionConfig.DEFAULT_MAX_ERRORS, out.split("500 5.5.2", -1).length - 1);
            assertTrue(out.endsWith("421 4.7.0 Too many errors, closing connection\r\n"), out);
            assertFalse(s.channel.isOpen());
        }
    }

    @Test
    void anHttpRequestClosesAtOnce() {
        try (EmbeddedSession s = session(false)) {
            s.output();
            s.send("GET / HTTP/1.1\r\nHost: x\r\n");
            assertEquals("", s.output());
            assertFalse(s.channel.isOpen());
        }
    }

    @Test
    void theCommandDeadlineIsNotResetByASlowTrickle() {
        try (EmbeddedSession s = session(false).greeted()) {
            for (int i = 0; i < 4; i++) {
                s.send("N");
                s.channel.advanceTimeBy(1, TimeUnit.MINUTES);
                s.channel.runScheduledPendingTasks();
            }
            assertEquals("", s.output());
            s.channel.advanceTimeBy(Duration.ofMinutes(1).plusSeconds(1).toMillis(), TimeUnit.MILLISECONDS);
            s.channel.runScheduledPendingTasks();
            assertEquals("421 4.4.2 Timeout exceeded, closing connection\r\n", s.output());
            assertFalse(s.channel.isOpen());
        }
    }

    @Test
    void aCompleteCommandResetsTheDeadline() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.channel.advanceTimeBy(4, TimeUnit.MINUTES);
            s.send("NOOP\r\n");
            s.channel.advanceTimeBy(4, TimeUnit.MINUTES);
            s.channel.runScheduledPendingTasks();
            assertEquals("250 2.0.0 Ok\r\n", s.output());
            assertTrue(s.channel.isOpen());
        }
    }

    @Test
    void aDataTimeoutAbortsTheMessage() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send(TRANSACTION + "Subject: x\r\n");
            s.output();
            s.channel.advanceTimeBy(6, TimeUnit.MINUTES);
            s.channel.runScheduledPendingTasks();
            assertEquals("421 4.4.2 Timeout exceeded, closing connection\r\n", s.output());
            assertEquals(0, sink.openWriterCount());
            assertEquals(0, sink.messageCount());
        }
    }

    @Test
    void startTlsIsNotOfferedWithoutACertificate() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("STARTTLS\r\n");
            assertEquals("502 5.5.1 Command not implemented\r\n", s.output());
        }
    }

    @Test
    void binaryMimeWithBdatKeepsEveryOctet() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test> BODY=BINARYMIME\r\nRCPT TO:<u@ours.test>\r\n"
                    + "BDAT 19 LAST\r\nSubject: b\r\n\r\na\rb\nc");
            assertTrue(s.output().contains("250 2.0.0 Ok: queued as "));
            assertTrue(sink.messages().get(0).contentAsUtf8().endsWith("\r\nSubject: b\r\n\r\na\rb\nc"));
        }
    }

    @Test
    void bdatWithoutBinaryMimeNormalizesBareLineEnds() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\n"
                    + "BDAT 19 LAST\r\nSubject: b\r\n\r\na\rb\nc");
            assertTrue(s.output().contains("250 2.0.0 Ok: queued as "));
            assertTrue(sink.messages().get(0).contentAsUtf8().endsWith("\r\nSubject: b\r\n\r\na b\r\nc"));
        }
    }

    @Test
    void aSinkThatCannotOpenIs451AtDataOrBdatAndTheChunkIsStillRead() {
        try (EmbeddedSession s = session(false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\n");
            s.output();
            sink.setFull(true);
            s.send("DATA\r\n");
            assertEquals("451 4.3.0 Local error in processing, try again later\r\n", s.output());
            sink.setFull(false);
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\n");
            s.output();
            sink.setFull(true);
            s.send("BDAT 6\r\nNOOP\r\nNOOP\r\n");
            assertEquals("451 4.3.0 Local error in processing, try again later\r\n250 2.0.0 Ok\r\n", s.output());
            assertEquals(0, sink.openWriterCount());
        }
    }
}
