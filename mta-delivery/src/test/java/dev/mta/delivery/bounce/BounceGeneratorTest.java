package dev.mta.delivery.bounce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.DsnReturn;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.core.smtp.Reply;
import dev.mta.delivery.DeliveryOutcome;
import dev.mta.delivery.DeliveryReplies;
import dev.mta.delivery.Relay;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.sink.InMemoryMessageSink;
import dev.mta.testkit.sink.StoredMessage;
import jakarta.mail.BodyPart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetHeaders;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** DSNs built, queued into a sink, and read back with Angus Mail's MIME parser, field by field. */
class BounceGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-11-26T08:30:00Z");
    private static final String ORIGINAL = "From: alice@example.net\r\nTo: bob@example.com\r\n"
            + "Subject: original\r\n\r\nBody text\r\n";
    private static final QueueId ID = new QueueId("1M899A5CGH5Y3D");
    private static final Relay RELAY = new Relay("mx.example.com", new InetSocketAddress("192.0.2.1", 25));

    private final InMemoryMessageSink sink = new InMemoryMessageSink();
    private final BounceGenerator generator = new BounceGenerator(sink, "mta.test",
            Optional.of(Envelopes.mailbox("postmaster@mta.test")), Clock.fixed(NOW, ZoneOffset.UTC));

    private static ReportedRecipient failed(Recipient recipient, Reply reply, Optional<Relay> relay) {
        return new ReportedRecipient(recipient, new DeliveryOutcome.PermFail(reply, relay), NOW);
    }

    private static Recipient recipient(String address) {
        return Recipient.of(Envelopes.mailbox(address));
    }

    private static MailParameters parameters(Optional<DsnReturn> ret, Optional<String> envid) {
        return new MailParameters(BodyType.SEVEN_BIT, false, OptionalLong.empty(), ret, envid, Optional.empty());
    }

    private Optional<QueueId> bounce(Envelope envelope, List<ReportedRecipient> failed) throws Exception {
        return generator.bounce(ID, envelope, failed,
                () -> new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.US_ASCII)));
    }

    private static MimeMessage parse(StoredMessage message) throws Exception {
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(message.content()));
    }

    /** The header blocks of a message/delivery-status body: per-message fields, then one block per recipient. */
    private static List<InternetHeaders> blocks(BodyPart part) throws Exception {
        List<InternetHeaders> blocks = new ArrayList<>();
        try (InputStream in = part.getInputStream()) {
            byte[] all = in.readAllBytes();
            ByteArrayInputStream stream = new ByteArrayInputStream(all);
            while (stream.available() > 0) {
                InternetHeaders block = new InternetHeaders(stream);
                if (block.getAllHeaderLines().hasMoreElements()) {
                    blocks.add(block);
                }
            }
        }
        return blocks;
    }

    private static String field(InternetHeaders block, String name) {
        String value = block.getHeader(name, " ");
        return value == null ? null : value.replaceAll("\\s+", " ").trim();
    }

    @Test
    void dsnFieldByField() throws Exception {
        Envelope envelope = Envelopes.builder().parameters(parameters(Optional.empty(), Optional.of("env-42")))
                .recipients()
                .addRecipient(new Recipient(Envelopes.mailbox("bob@example.com"), Set.of(),
                        Optional.of("rfc822;Bob@Example.COM")))
                .addRecipient(new Recipient(Envelopes.mailbox("carol@nomail.test"), Set.of(DsnNotify.FAILURE),
                        Optional.empty()))
                .build();
        Optional<QueueId> id = bounce(envelope, List.of(
                failed(envelope.recipients().get(0), Reply.of(550, "5.1.1", "No such user"), Optional.of(RELAY)),
                failed(envelope.recipients().get(1), DeliveryReplies.NULL_MX, Optional.empty())));

        assertTrue(id.isPresent());
        StoredMessage stored = sink.messages().get(0);
        assertTrue(stored.envelope().sender().isNull(), "null reverse path");
        assertEquals(Envelopes.SENDER, stored.envelope().recipients().get(0).address().toString());
        assertEquals(Origin.Channel.GENERATED, stored.envelope().origin().channel());

        MimeMessage dsn = parse(stored);
        assertEquals("Mail Delivery System <MAILER-DAEMON@mta.test>", dsn.getHeader("From", ","));
        assertEquals("<alice@example.net>", dsn.getHeader("To", ","));
        assertEquals("auto-replied", dsn.getHeader("Auto-Submitted", ","));
        assertTrue(dsn.getContentType().startsWith("multipart/report"), dsn.getContentType());
        assertTrue(dsn.getContentType().contains("report-type=delivery-status"), dsn.getContentType());

        MimeMultipart parts = (MimeMultipart) dsn.getContent();
        assertEquals(3, parts.getCount());
        assertTrue(parts.getBodyPart(0).isMimeType("text/plain"));
        String human = (String) parts.getBodyPart(0).getContent();
        assertTrue(human.contains("<bob@example.com>: host mx.example.com[192.0.2.1]:25 said: 550 5.1.1 No such user"),
                human);

        assertTrue(parts.getBodyPart(1).isMimeType("message/delivery-status"));
        List<InternetHeaders> blocks = blocks(parts.getBodyPart(1));
        assertEquals(3, blocks.size());
        InternetHeaders message = blocks.get(0);
        assertEquals("dns; mta.test", field(message, "Reporting-MTA"));
        assertEquals("env-42", field(message, "Original-Envelope-Id"));
        assertEquals("Wed, 25 Nov 2026 12:00:00 +0000", field(message, "Arrival-Date"));

        InternetHeaders bob = blocks.get(1);
        assertEquals("rfc822; bob@example.com", field(bob, "Final-Recipient"));
        assertEquals("rfc822;Bob@Example.COM", field(bob, "Original-Recipient"));
        assertEquals("failed", field(bob, "Action"));
        assertEquals("5.1.1", field(bob, "Status"));
        assertEquals("dns; mx.example.com", field(bob, "Remote-MTA"));
        assertEquals("smtp; 550 5.1.1 No such user", field(bob, "Diagnostic-Code"));
        assertEquals("Thu, 26 Nov 2026 08:30:00 +0000", field(bob, "Last-Attempt-Date"));

        InternetHeaders carol = blocks.get(2);
        assertEquals("rfc822; carol@nomail.test", field(carol, "Final-Recipient"));
        assertNull(field(carol, "Original-Recipient"));
        assertEquals("5.1.10", field(carol, "Status"));
        assertNull(field(carol, "Remote-MTA"), "no host was reached");
        assertEquals("smtp; 556 5.1.10 Recipient domain does not accept mail (null MX)",
                field(carol, "Diagnostic-Code"));

        BodyPart headers = parts.getBodyPart(2);
        assertTrue(headers.isMimeType("text/rfc822-headers"), headers.getContentType());
        String quoted = new String(headers.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(quoted.contains("Subject: original"), quoted);
        assertFalse(quoted.contains("Body text"), "headers only without RET=FULL");
    }

    @Test
    void retFullReturnsTheWholeMessage() throws Exception {
        Envelope envelope = Envelopes.builder().parameters(parameters(Optional.of(DsnReturn.FULL), Optional.empty()))
                .build();
        bounce(envelope, List.of(failed(envelope.recipients().get(0), Reply.of(554, "5.7.1", "Refused"),
                Optional.of(RELAY))));
        MimeMultipart parts = (MimeMultipart) parse(sink.messages().get(0)).getContent();
        BodyPart original = parts.getBodyPart(2);
        assertTrue(original.isMimeType("message/rfc822"), original.getContentType());
        MimeMessage inner = (MimeMessage) original.getContent();
        assertEquals("original", inner.getSubject());
        assertEquals("Body text\r\n", inner.getContent());
    }

    @Test
    void notifyHonoured() throws Exception {
        Envelope envelope = Envelopes.builder().recipients()
                .addRecipient(new Recipient(Envelopes.mailbox("never@example.com"), Set.of(DsnNotify.NEVER),
                        Optional.empty()))
                .addRecipient(new Recipient(Envelopes.mailbox("delay@example.com"), Set.of(DsnNotify.DELAY,
                        DsnNotify.SUCCESS), Optional.empty()))
                .build();
        Reply refused = Reply.of(550, "5.1.1", "No such user");
        List<ReportedRecipient> failed = envelope.recipients().stream()
                .map(r -> failed(r, refused, Optional.of(RELAY))).toList();
        assertEquals(Optional.empty(), bounce(envelope, failed), "NEVER, and NOTIFY without FAILURE: no DSN");
        assertEquals(0, sink.messageCount());

        Envelope mixed = Envelopes.builder().recipients("plain@example.com").addRecipient(envelope.recipients().get(0))
                .build();
        bounce(mixed, mixed.recipients().stream().map(r -> failed(r, refused, Optional.of(RELAY))).toList());
        List<InternetHeaders> blocks = blocks(((MimeMultipart) parse(sink.messages().get(0)).getContent())
                .getBodyPart(1));
        assertEquals(2, blocks.size(), "only the recipient without NOTIFY is reported");
        assertEquals("rfc822; plain@example.com", field(blocks.get(1), "Final-Recipient"));
    }

    @Test
    void nullSenderIsNeverBouncedOnlyThePostmasterIsTold() throws Exception {
        Envelope bounceThatFailed = Envelopes.builder().nullSender().build();
        bounce(bounceThatFailed, List.of(failed(bounceThatFailed.recipients().get(0),
                Reply.of(550, "5.1.1", "No such user"), Optional.of(RELAY))));
        assertEquals(1, sink.messageCount());
        StoredMessage notice = sink.messages().get(0);
        assertTrue(notice.envelope().sender().isNull());
        assertEquals("postmaster@mta.test", notice.envelope().recipients().get(0).address().toString());
        assertTrue(notice.contentAsUtf8().contains("550 5.1.1 No such user"), notice::contentAsUtf8);

        // That notice failing in turn: logged and dropped, nothing queued.
        Optional<QueueId> again = bounce(notice.envelope(), List.of(failed(notice.envelope().recipients().get(0),
                Reply.of(550, "5.1.1", "No such user"), Optional.of(RELAY))));
        assertEquals(Optional.empty(), again);
        assertEquals(1, sink.messageCount());
    }

    @Test
    void noPostmasterNoticeWhenSwitchedOff() throws Exception {
        BounceGenerator quiet = new BounceGenerator(sink, "mta.test", Optional.empty(), Clock.fixed(NOW,
                ZoneOffset.UTC));
        Envelope envelope = Envelopes.builder().nullSender().build();
        assertEquals(Optional.empty(), quiet.bounce(ID, envelope, List.of(failed(envelope.recipients().get(0),
                Reply.of(550, "5.1.1", "No"), Optional.empty())), () -> new ByteArrayInputStream(new byte[0])));
        assertEquals(0, sink.messageCount());
    }

    @Test
    void foreignTextCannotInjectHeaders() throws Exception {
        Envelope envelope = Envelopes.builder()
                .parameters(parameters(Optional.empty(), Optional.of("id\r\nBcc: victim@example.org")))
                .recipients()
                .addRecipient(new Recipient(Envelopes.mailbox("bob@example.com"), Set.of(),
                        Optional.of("rfc822;bob@example.com\r\nX-Injected: yes")))
                .build();
        bounce(envelope, List.of(failed(envelope.recipients().get(0), Reply.of(550, "5.1.1", "x".repeat(300)
                + " and more words after a very long token"), Optional.of(RELAY))));
        MimeMessage dsn = parse(sink.messages().get(0));
        List<InternetHeaders> blocks = blocks(((MimeMultipart) dsn.getContent()).getBodyPart(1));
        assertNull(blocks.get(0).getHeader("Bcc"));
        assertNull(blocks.get(1).getHeader("X-Injected"));
        assertEquals("rfc822;bob@example.com X-Injected: yes", field(blocks.get(1), "Original-Recipient"));
        assertNull(dsn.getHeader("Bcc"));
        for (String line : new String(sink.messages().get(0).content(), StandardCharsets.UTF_8).split("\r\n")) {
            assertTrue(line.length() <= 998, "no line over 998 octets");
            assertFalse(line.contains("\n") || line.contains("\r"), "CRLF line ends only");
        }
    }

    @Test
    void originalWithoutBodyStillEndsWithALineEnd() throws Exception {
        Envelope envelope = Envelopes.simple();
        generator.bounce(ID, envelope, List.of(failed(envelope.recipients().get(0), Reply.of(550, "5.1.1", "No"),
                Optional.empty())), () -> new ByteArrayInputStream("Subject: only\r\n".getBytes(StandardCharsets.US_ASCII)));
        MimeMultipart parts = (MimeMultipart) parse(sink.messages().get(0)).getContent();
        assertArrayEquals("Subject: only\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                parts.getBodyPart(2).getInputStream().readAllBytes());
    }

    @Test
    void delayNoticeSaysDelayedAndUntilWhen() throws Exception {
        Envelope envelope = Envelopes.builder().recipients("bob@example.com").addRecipient(new Recipient(
                Envelopes.mailbox("quiet@example.com"), Set.of(DsnNotify.FAILURE), Optional.empty())).build();
        Instant until = Instant.parse("2026-11-30T12:00:00Z");
        List<ReportedRecipient> delayed = envelope.recipients().stream().map(r -> new ReportedRecipient(r,
                new DeliveryOutcome.TempFail(DeliveryReplies.DNS_TEMPFAIL, Optional.empty()), NOW)).toList();
        generator.delayNotice(ID, envelope, delayed, until,
                () -> new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.US_ASCII)));
        MimeMessage dsn = parse(sink.messages().get(0));
        assertTrue(dsn.getSubject().startsWith("Delayed Mail"), dsn.getSubject());
        List<InternetHeaders> blocks = blocks(((MimeMultipart) dsn.getContent()).getBodyPart(1));
        assertEquals(2, blocks.size(), "NOTIFY=FAILURE alone asks for no delay notice");
        assertEquals("delayed", field(blocks.get(1), "Action"));
        assertEquals("4.4.3", field(blocks.get(1), "Status"));
        assertEquals("Mon, 30 Nov 2026 12:00:00 +0000", field(blocks.get(1), "Will-Retry-Until"));

        Envelope nullSender = Envelopes.builder().nullSender().build();
        assertEquals(Optional.empty(), generator.delayNotice(ID, nullSender, List.of(new ReportedRecipient(
                nullSender.recipients().get(0), new DeliveryOutcome.TempFail(DeliveryReplies.DNS_TEMPFAIL,
                Optional.empty()), NOW)), until, () -> new ByteArrayInputStream(new byte[0])));
        assertEquals(1, sink.messageCount());
    }

    @Test
    void delayNoticeSuppressedByNever() throws Exception {
        Envelope envelope = Envelopes.builder().recipients().addRecipient(new Recipient(
                Envelopes.mailbox("never@example.com"), Set.of(DsnNotify.NEVER), Optional.empty())).build();
        assertEquals(Optional.empty(), generator.delayNotice(ID, envelope, List.of(new ReportedRecipient(
                envelope.recipients().get(0), new DeliveryOutcome.TempFail(DeliveryReplies.DNS_TEMPFAIL,
                Optional.empty()), NOW)), NOW, () -> new ByteArrayInputStream(new byte[0])));
        assertEquals(0, sink.messageCount());
    }

    @Test
    void relayedNoticeQuotesOnlyTheHeaderEvenWithRetFull() throws Exception {
        Envelope envelope = Envelopes.builder().parameters(parameters(Optional.of(DsnReturn.FULL),
                        Optional.of("env-7"))).recipients()
                .addRecipient(new Recipient(Envelopes.mailbox("bob@example.com"), Set.of(DsnNotify.SUCCESS),
                        Optional.of("rfc822;bob@example.com")))
                .addRecipient(new Recipient(Envelopes.mailbox("never@example.com"), Set.of(DsnNotify.NEVER),
                        Optional.empty()))
                .build();
        Reply ok = Reply.of(250, "2.0.0", "Ok: queued as 12345");
        List<ReportedRecipient> relayed = envelope.recipients().stream().map(r -> new ReportedRecipient(r,
                new DeliveryOutcome.Delivered(ok, Optional.of(RELAY), false), NOW)).toList();
        assertTrue(generator.relayedNotice(ID, envelope, relayed,
                () -> new ByteArrayInputStream(ORIGINAL.getBytes(StandardCharsets.US_ASCII))).isPresent());
        StoredMessage stored = sink.messages().get(0);
        assertTrue(stored.envelope().sender().isNull());
        MimeMessage dsn = parse(stored);
        MimeMultipart parts = (MimeMultipart) dsn.getContent();
        List<InternetHeaders> blocks = blocks(parts.getBodyPart(1));
        assertEquals(2, blocks.size(), "NOTIFY=NEVER is not reported");
        assertEquals("env-7", field(blocks.get(0), "Original-Envelope-Id"));
        InternetHeaders bob = blocks.get(1);
        assertEquals("rfc822; bob@example.com", field(bob, "Final-Recipient"));
        assertEquals("rfc822;bob@example.com", field(bob, "Original-Recipient"));
        assertEquals("relayed", field(bob, "Action"));
        assertEquals("2.0.0", field(bob, "Status"));
        assertEquals("dns; mx.example.com", field(bob, "Remote-MTA"));
        assertEquals("smtp; 250 2.0.0 Ok: queued as 12345", field(bob, "Diagnostic-Code"));
        assertNull(field(bob, "Will-Retry-Until"));
        BodyPart quoted = parts.getBodyPart(2);
        assertTrue(quoted.isMimeType("text/rfc822-headers"), "RET=FULL is for failed DSNs (RFC 3461 4.3)");
        assertFalse(new String(quoted.getInputStream().readAllBytes(), StandardCharsets.US_ASCII)
                .contains("Body text"));
    }

    @Test
    void noSuccessNoticeWithoutSuccessOrForNullSender() throws Exception {
        Reply ok = Reply.of(250, "2.0.0", "Ok");
        Envelope plain = Envelopes.simple();
        assertEquals(Optional.empty(), generator.relayedNotice(ID, plain, List.of(new ReportedRecipient(
                plain.recipients().get(0), new DeliveryOutcome.Delivered(ok, Optional.of(RELAY), false), NOW)),
                () -> new ByteArrayInputStream(new byte[0])), "no NOTIFY means no success DSN");
        Envelope nullSender = Envelopes.builder().nullSender().recipients().addRecipient(new Recipient(
                Envelopes.mailbox("bob@example.com"), Set.of(DsnNotify.SUCCESS), Optional.empty())).build();
        assertEquals(Optional.empty(), generator.relayedNotice(ID, nullSender, List.of(new ReportedRecipient(
                nullSender.recipients().get(0), new DeliveryOutcome.Delivered(ok, Optional.of(RELAY), false), NOW)),
                () -> new ByteArrayInputStream(new byte[0])));
        assertEquals(0, sink.messageCount());
    }

    @Test
    void aHopThatTookTheDsnDutyIsNotReportedOn() {
        assertThrows(IllegalArgumentException.class, () -> new ReportedRecipient(Envelopes.simple().recipients()
                .get(0), new DeliveryOutcome.Delivered(Reply.of(250, "2.0.0", "Ok"), Optional.of(RELAY), true),
                NOW));
    }
}
