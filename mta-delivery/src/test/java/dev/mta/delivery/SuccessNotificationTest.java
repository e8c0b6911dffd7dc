package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.queue.record.QueueRecord;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedResponse;
import dev.mta.testkit.smtp.Verb;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NOTIFY=SUCCESS through the whole engine (RFC 3461 section 5.2): a next hop without DSN earns the sender one
 * {@code Action: relayed} DSN; a next hop with DSN gets the NOTIFY parameter and we say nothing.
 */
class SuccessNotificationTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final List<String> WITH_DSN = List.of("PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES", "DSN");

    @TempDir
    Path spool;
    private DeliveryFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new DeliveryFixture(spool);
        f.dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "127.0.0.1");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private static Recipient recipient(String address, DsnNotify... notify) {
        return new Recipient(Envelopes.mailbox(address), Set.of(notify), Optional.empty());
    }

    private MimeMessage content(QueueId id) throws Exception {
        try (InputStream in = f.queue.openContent(id).orElseThrow()) {
            return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(in.readAllBytes()));
        }
    }

    /** The recipient blocks of the message/delivery-status part (the per-message block left out). */
    private static List<InternetHeaders> recipientBlocks(MimeMessage dsn) throws Exception {
        BodyPart status = ((MimeMultipart) dsn.getContent()).getBodyPart(1);
        assertTrue(status.isMimeType("message/delivery-status"), status.getContentType());
        List<InternetHeaders> blocks = new ArrayList<>();
        try (InputStream in = status.getInputStream()) {
            ByteArrayInputStream stream = new ByteArrayInputStream(in.readAllBytes());
            while (stream.available() > 0) {
                InternetHeaders block = new InternetHeaders(stream);
                if (block.getAllHeaderLines().hasMoreElements()) {
                    blocks.add(block);
                }
            }
        }
        return blocks.subList(1, blocks.size());
    }

    private static String field(InternetHeaders block, String name) {
        String value = block.getHeader(name, " ");
        return value == null ? null : value.replaceAll("\\s+", " ").trim();
    }

    @Test
    void hopWithoutDsnRelayedNoticeForSuccessRecipientsOnly() throws Exception {
        Envelope envelope = Envelopes.builder().recipients()
                .addRecipient(recipient("a@example.test", DsnNotify.SUCCESS))
                .addRecipient(recipient("b@example.test"))
                .addRecipient(recipient("c@example.test", DsnNotify.SUCCESS, DsnNotify.FAILURE))
                .addRecipient(recipient("d@example.test", DsnNotify.FAILURE, DsnNotify.DELAY))
                .build();
        QueueId id = f.enqueue(envelope);
        f.deliverNow(id);
        RecordedTransaction tx = f.smtp.takeTransaction(WAIT);
        assertEquals(4, tx.rcpts().size());
        tx.rcpts().forEach(r -> assertFalse(r.contains("NOTIFY"), "no DSN offered, no NOTIFY sent: " + r));
        assertTrue(f.record(id).isEmpty(), "delivered: removed");

        List<QueueRecord> notices = f.others(id);
        assertEquals(1, notices.size(), "one DSN for all relayed recipients");
        Envelope dsnEnvelope = notices.get(0).envelope();
        assertTrue(dsnEnvelope.sender().isNull());
        assertEquals(Envelopes.SENDER, dsnEnvelope.recipients().get(0).address().toString());
        assertEquals(Set.of(DsnNotify.NEVER), dsnEnvelope.recipients().get(0).notifyOn());

        MimeMessage dsn = content(notices.get(0).id());
        assertEquals("Successful Mail Delivery Report", dsn.getSubject());
        List<InternetHeaders> blocks = recipientBlocks(dsn);
        assertEquals(List.of("rfc822; a@example.test", "rfc822; c@example.test"),
                blocks.stream().map(b -> field(b, "Final-Recipient")).toList());
        for (InternetHeaders block : blocks) {
            assertEquals("relayed", field(block, "Action"));
            assertEquals("2.0.0", field(block, "Status"));
            assertEquals("dns; mx.example.test", field(block, "Remote-MTA"));
            assertTrue(field(block, "Diagnostic-Code").startsWith("smtp; 250 "), field(block, "Diagnostic-Code"));
        }
        BodyPart quoted = ((MimeMultipart) dsn.getContent()).getBodyPart(2);
        assertTrue(quoted.isMimeType("text/rfc822-headers"), quoted.getContentType());
    }

    @Test
    void hopWithDsnTakesOverTheDutyAndWeSayNothing() throws Exception {
        f.smtp.extensions(WITH_DSN.toArray(String[]::new));
        QueueId id = f.enqueue(Envelopes.builder().recipients()
                .addRecipient(recipient("a@example.test", DsnNotify.SUCCESS, DsnNotify.FAILURE)).build());
        f.deliverNow(id);
        assertEquals(List.of("RCPT TO:<a@example.test> NOTIFY=SUCCESS,FAILURE"), f.smtp.takeTransaction(WAIT).rcpts());
        assertTrue(f.record(id).isEmpty());
        assertEquals(0, f.queue.size(), "the next hop reports; no DSN from us");
    }

    @Test
    void failedAndRelayedRecipientsGetOneDsnPerActionKind() throws Exception {
        f.smtp.script(Verb.RCPT, ScriptedResponse.reply("250 2.1.5 Ok"), ScriptedResponse.reply("550 5.1.1 No such user"),
                ScriptedResponse.reply("250 2.1.5 Ok"));
        QueueId id = f.enqueue(Envelopes.builder().recipients()
                .addRecipient(recipient("a@example.test", DsnNotify.SUCCESS, DsnNotify.FAILURE))
                .addRecipient(recipient("b@example.test", DsnNotify.SUCCESS, DsnNotify.FAILURE))
                .addRecipient(recipient("c@example.test", DsnNotify.SUCCESS))
                .build());
        f.deliverNow(id);
        f.smtp.takeTransaction(WAIT);
        List<String> actions = new ArrayList<>();
        List<List<String>> reported = new ArrayList<>();
        for (QueueRecord notice : f.others(id)) {
            List<InternetHeaders> blocks = recipientBlocks(content(notice.id()));
            actions.add(blocks.stream().map(b -> field(b, "Action")).distinct()
                    .reduce((x, y) -> x + "+" + y).orElseThrow());
            reported.add(blocks.stream().map(b -> field(b, "Final-Recipient")).toList());
        }
        assertEquals(2, actions.size(), actions::toString);
        int failedAt = actions.indexOf("failed");
        int relayedAt = actions.indexOf("relayed");
        assertTrue(failedAt >= 0 && relayedAt >= 0, actions::toString);
        assertEquals(List.of("rfc822; b@example.test"), reported.get(failedAt));
        assertEquals(List.of("rfc822; a@example.test", "rfc822; c@example.test"), reported.get(relayedAt));
    }

    @Test
    void theSuccessNoticeNeverCausesAnotherNotice() throws Exception {
        f.dns.mx("example.net", 10, "mx.example.net").a("mx.example.net", "127.0.0.1");
        QueueId id = f.enqueue(Envelopes.builder().recipients()
                .addRecipient(recipient("a@example.test", DsnNotify.SUCCESS)).build());
        f.deliverNow(id);
        f.smtp.takeTransaction(WAIT);
        QueueId notice = f.others(id).get(0).id();
        f.deliverNow(notice);
        RecordedTransaction tx = f.smtp.takeTransaction(WAIT);
        assertTrue(tx.mail().startsWith("MAIL FROM:<>"), tx.mail());
        assertEquals(0, f.queue.size(), "the notice was delivered and nothing more was queued");
    }

    @Test
    void nullSenderGetsNoSuccessNotice() throws Exception {
        QueueId id = f.enqueue(Envelopes.builder().nullSender().recipients()
                .addRecipient(recipient("a@example.test", DsnNotify.SUCCESS)).build());
        f.deliverNow(id);
        f.smtp.takeTransaction(WAIT);
        assertEquals(0, f.queue.size());
    }
}
