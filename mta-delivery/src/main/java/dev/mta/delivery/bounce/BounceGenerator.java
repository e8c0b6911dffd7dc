package dev.mta.delivery.bounce;

import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.DsnReturn;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.core.sink.SinkUnavailableException;
import io.netty.buffer.Unpooled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletionException;

/**
 * Builds and queues the delivery status notification (RFC 3464) for a message's failed recipients: one per
 * message, from {@code MAILER-DAEMON@<hostname>} with the null reverse path (RFC 5321 section 4.5.5), a
 * {@code multipart/report; report-type=delivery-status} (RFC 6522) of a human-readable part, the
 * {@code message/delivery-status} part and the original header ({@code text/rfc822-headers}), or the whole original
 * message ({@code message/rfc822}) when the sender asked for RET=FULL (RFC 3461 section 4.3). The same form, with
 * {@code Action: delayed}, tells the sender once that delivery is taking long ({@link #delayNotice}), and with
 * {@code Action: relayed} that a next hop without DSN took the message, so no confirmation of final delivery will
 * come ({@link #relayedNotice}). RET=FULL asks for the whole message in a <em>failed</em> DSN only (section 4.3);
 * the delay and relay notices quote the header.
 *
 * <p>Rules, in order:
 * <ul>
 *   <li><b>Never bounce a bounce</b> (DESIGN.md invariant 6, RFC 5321 section 6.1): a failed message with the
 *       null sender gets no DSN; it is logged, and one short notice goes to the postmaster when configured (as
 *       Postfix's double bounce). A notice that fails is logged and dropped.</li>
 *   <li>NOTIFY (RFC 3461 section 4.1): a recipient with NOTIFY=NEVER, or with NOTIFY values that leave out
 *       FAILURE, is not reported; no recipient left means no DSN. No NOTIFY at all means FAILURE. DELAY and
 *       SUCCESS are reported only when asked for (SUCCESS never by default), NEVER suppresses all three.</li>
 *   <li>Every notice has the null sender and {@code NOTIFY=NEVER} on its one recipient, so no notice ever causes
 *       another (RFC 3461 section 6.1, RFC 5321 section 4.5.5).</li>
 * </ul>
 *
 * <p>Blocking: reads the original message and waits for the sink; call it on a worker thread, never on an event
 * loop. The content is streamed into the sink in blocks, never held whole.
 */
public final class BounceGenerator {

    private static final Logger LOG = LoggerFactory.getLogger(BounceGenerator.class);
    private static final int BLOCK = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final MessageSink sink;
    private final String hostName;
    private final Optional<Mailbox> postmaster;
    private final Clock clock;

    /**
     * @param sink       where DSNs and notices go (the queue, behind the signing stage when a key exists)
     * @param hostName   our host name: Reporting-MTA and the MAILER-DAEMON address
     * @param postmaster who gets the notice when a null-sender message fails; empty to send none
     * @param clock      the Date of the DSN
     */
    public BounceGenerator(MessageSink sink, String hostName, Optional<Mailbox> postmaster, Clock clock) {
        this.sink = Objects.requireNonNull(sink, "sink");
        this.hostName = HeaderText.clean(Objects.requireNonNull(hostName, "hostName"));
        this.postmaster = Objects.requireNonNull(postmaster, "postmaster");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Where the content of the failed message comes from (the queue; read as stored, CRLF line ends). */
    @FunctionalInterface
    public interface Original {
        InputStream open() throws IOException;
    }

    /**
     * Queues what is due for these failed recipients of the message {@code id}: a DSN to the sender, a notice to
     * the postmaster, or nothing.
     *
     * @return the id of the message queued, empty when none was due
     * @throws IOException when the sink refuses the message or the original cannot be read; nothing is queued
     */
    public Optional<QueueId> bounce(QueueId id, Envelope envelope, List<ReportedRecipient> failed, Original original)
            throws IOException {
        if (failed.isEmpty()) {
            return Optional.empty();
        }
        if (envelope.sender().isNull()) {
            return nullSenderFailed(id, envelope, failed);
        }
        List<ReportedRecipient> reported = failed.stream().filter(f -> wantsFailureNotice(f.recipient())).toList();
        if (reported.isEmpty()) {
            LOG.info("{}: no DSN: NOTIFY excludes failures for every failed recipient", id);
            return Optional.empty();
        }
        QueueId queued = dsn(id, envelope, reported, Optional.empty(), "Undelivered Mail Returned to Sender",
                "Your message could not be delivered to one or more recipients.", original);
        LOG.info("{}: sender non-delivery notification: {}", id, queued);
        return Optional.of(queued);
    }

    /**
     * Queues the one notice that delivery to these recipients is taking long (RFC 3464 {@code Action: delayed}),
     * for those whose NOTIFY asks for it (DELAY, or no NOTIFY at all); never for a message with the null sender.
     * The caller decides when (once, when the message's age passes the delay warning time).
     *
     * @param retryUntil when the message expires (Will-Retry-Until)
     * @return the id of the notice queued, empty when none was due
     * @throws IOException when the sink refuses the message or the original cannot be read; nothing is queued
     */
    public Optional<QueueId> delayNotice(QueueId id, Envelope envelope, List<ReportedRecipient> delayed,
                                         Instant retryUntil, Original original) throws IOException {
        if (envelope.sender().isNull()) {
            return Optional.empty();
        }
        List<ReportedRecipient> reported = delayed.stream().filter(d -> wantsDelayNotice(d.recipient())).toList();
        if (reported.isEmpty()) {
            return Optional.empty();
        }
        QueueId queued = dsn(id, envelope, reported, Optional.of(retryUntil), "Delayed Mail (still being retried)",
                "Your message has not been delivered yet to one or more recipients. Delivery is retried until "
                        + HeaderText.date(retryUntil) + "; you need not send it again.", original);
        LOG.info("{}: sender delay notification: {}", id, queued);
        return Optional.of(queued);
    }

    /**
     * Queues the DSN for recipients that a next hop without DSN took (RFC 3461 section 5.2.2: "relayed", for those
     * whose NOTIFY has SUCCESS); never for a message with the null sender. A hop that offered DSN got the NOTIFY
     * parameter and reports itself (section 5.2.1), so its recipients must not be passed here.
     *
     * @return the id of the notice queued, empty when none was due
     * @throws IOException when the sink refuses the message or the original cannot be read; nothing is queued
     */
    public Optional<QueueId> relayedNotice(QueueId id, Envelope envelope, List<ReportedRecipient> relayed,
                                           Original original) throws IOException {
        if (envelope.sender().isNull()) {
            return Optional.empty();
        }
        List<ReportedRecipient> reported = relayed.stream().filter(r -> wantsSuccessNotice(r.recipient())).toList();
        if (reported.isEmpty()) {
            return Optional.empty();
        }
        QueueId queued = dsn(id, envelope, reported, Optional.empty(), "Successful Mail Delivery Report",
                "Your message was passed on to the next mail server for the recipients below. That server does not\r\n"
                        + "offer delivery status notifications, so no confirmation of final delivery will follow.",
                original);
        LOG.info("{}: sender success notification (relayed): {}", id, queued);
        return Optional.of(queued);
    }

    private QueueId dsn(QueueId id, Envelope envelope, List<ReportedRecipient> reported, Optional<Instant> retryUntil,
                        String subject, String summary, Original original) throws IOException {
        Mailbox sender = envelope.sender().mailbox().orElseThrow();
        // RFC 3461 section 4.3: RET=FULL asks for the whole message in a failed DSN; the others quote the header.
        boolean failure = reported.stream().allMatch(r -> r.action().equals("failed"));
        DsnReturn ret = failure ? envelope.parameters().ret().orElse(DsnReturn.HDRS) : DsnReturn.HDRS;
        boolean utf8 = envelope.parameters().smtpUtf8() || sender.needsSmtputf8();
        boolean eightBit = utf8 || envelope.parameters().body() != BodyType.SEVEN_BIT;
        Envelope dsn = generated(sender, utf8, eightBit);
        return write(dsn, writer -> {
            String boundary = boundary(writer.id());
            String head = headers(writer.id(), sender.render(utf8 ? Utf8Mode.UTF8_ALLOWED : Utf8Mode.ASCII_ONLY),
                    subject)
                    + "Content-Type: multipart/report; report-type=delivery-status;\r\n"
                    + "\tboundary=\"" + boundary + "\"\r\n"
                    + "\r\n"
                    + "This is a MIME-encapsulated message.\r\n"
                    + "\r\n--" + boundary + "\r\n"
                    + "Content-Description: Notification\r\n"
                    + "Content-Type: text/plain; charset=utf-8\r\n"
                    + "\r\n"
                    + humanText(id, summary, reported)
                    + "\r\n--" + boundary + "\r\n"
                    + "Content-Description: Delivery report\r\n"
                    + "Content-Type: message/delivery-status\r\n"
                    + "\r\n"
                    + deliveryStatus(envelope, reported, retryUntil)
                    + "\r\n--" + boundary + "\r\n";
            boolean full = ret == DsnReturn.FULL;
            head += full
                    ? "Content-Description: Undelivered message\r\nContent-Type: message/rfc822\r\n"
                    : "Content-Description: " + (failure ? "Undelivered message headers" : "Message headers")
                            + "\r\nContent-Type: text/rfc822-headers\r\n";
            if (eightBit) {
                head += "Content-Transfer-Encoding: 8bit\r\n";
            }
            head += "\r\n";
            write(writer, head.getBytes(StandardCharsets.UTF_8));
            try (InputStream in = original.open()) {
                copy(in, writer, full);
            }
            write(writer, ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        });
    }

    private Optional<QueueId> nullSenderFailed(QueueId id, Envelope envelope, List<ReportedRecipient> failed)
            throws IOException {
        if (isPostmasterNotice(envelope)) {
            LOG.warn("{}: postmaster notice undeliverable, dropped", id);
            return Optional.empty();
        }
        if (postmaster.isEmpty()) {
            LOG.warn("{}: message with null sender undeliverable, no notice (none configured)", id);
            return Optional.empty();
        }
        Mailbox to = postmaster.get();
        Envelope notice = generated(to, to.needsSmtputf8(), false);
        StringBuilder text = new StringBuilder()
                .append("A message with the null sender (a bounce or other notification) could not be\r\n")
                .append("delivered. It is not bounced (RFC 5321 section 6.1); this notice is all there is.\r\n")
                .append("\r\n")
                .append("Queue id: ").append(id).append("\r\n")
                .append("Arrival:  ").append(HeaderText.date(envelope.origin().arrival())).append("\r\n");
        for (ReportedRecipient f : failed) {
            text.append("\r\n<").append(HeaderText.clean(f.recipient().address().toString())).append(">: ")
                    .append(f.outcome().reply()).append("\r\n");
        }
        QueueId queued = write(notice, writer -> write(writer, (headers(writer.id(),
                to.render(to.needsSmtputf8() ? Utf8Mode.UTF8_ALLOWED : Utf8Mode.ASCII_ONLY),
                "Undeliverable notification (null sender)")
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\n" + text).getBytes(StandardCharsets.UTF_8)));
        LOG.info("{}: null sender, not bounced; postmaster notice: {}", id, queued);
        return Optional.of(queued);
    }

    /** A message we generated for the postmaster: the one kind whose failure produces nothing at all. */
    private boolean isPostmasterNotice(Envelope envelope) {
        return envelope.sender().isNull() && envelope.origin().channel() == Origin.Channel.GENERATED
                && postmaster.isPresent() && envelope.recipients().size() == 1
                && envelope.recipients().get(0).address().equals(postmaster.get());
    }

    /** RFC 3461 section 4.1: no NOTIFY means FAILURE (and DELAY, at the MTA's choice). */
    static boolean wantsFailureNotice(Recipient recipient) {
        return recipient.notifyOn().isEmpty() || recipient.notifyOn().contains(DsnNotify.FAILURE);
    }

    /** We choose to send delay notices when no NOTIFY was given, as Postfix does when delay warnings are on. */
    static boolean wantsDelayNotice(Recipient recipient) {
        return recipient.notifyOn().isEmpty() || recipient.notifyOn().contains(DsnNotify.DELAY);
    }

    /** RFC 3461 section 4.1: success is reported only when asked for; no NOTIFY means no success DSN. */
    static boolean wantsSuccessNotice(Recipient recipient) {
        return recipient.notifyOn().contains(DsnNotify.SUCCESS);
    }

    private Envelope generated(Mailbox to, boolean utf8, boolean eightBit) {
        MailParameters parameters = new MailParameters(eightBit ? BodyType.EIGHT_BIT_MIME : BodyType.SEVEN_BIT,
                utf8, OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        // NOTIFY=NEVER on our own notification, so a next hop that speaks DSN does not report on it either.
        Recipient recipient = new Recipient(to, java.util.Set.of(DsnNotify.NEVER), Optional.empty());
        Origin origin = new Origin(clock.instant(), Origin.Channel.GENERATED, "127.0.0.1", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), true);
        return new Envelope(ReversePath.NULL, parameters, List.of(recipient), origin);
    }

    private String headers(QueueId own, String to, String subject) {
        return HeaderText.field("From", "Mail Delivery System <MAILER-DAEMON@" + hostName + ">")
                + HeaderText.field("To", "<" + to + ">")
                + HeaderText.field("Subject", subject)
                + HeaderText.field("Date", HeaderText.date(clock.instant()))
                + HeaderText.field("Message-ID", "<" + own + "@" + hostName + ">")
                // RFC 3834 section 5: a machine-made reply, so responders do not answer it.
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n";
    }

    private String humanText(QueueId id, String summary, List<ReportedRecipient> reported) {
        StringBuilder text = new StringBuilder()
                .append("This is the mail system at host ").append(hostName).append(".\r\n\r\n")
                .append(summary).append("\r\n")
                .append("Queue id: ").append(id).append("\r\n");
        for (ReportedRecipient f : reported) {
            text.append("\r\n<").append(HeaderText.clean(f.recipient().address().toString())).append(">: ");
            f.outcome().relay().ifPresent(r -> text.append("host ").append(r).append(" said: "));
            text.append(f.outcome().reply()).append("\r\n");
        }
        return text.toString();
    }

    /** The {@code message/delivery-status} body: per-message fields, then one block per recipient (RFC 3464 2.1). */
    private String deliveryStatus(Envelope envelope, List<ReportedRecipient> reported, Optional<Instant> retryUntil) {
        StringBuilder out = new StringBuilder();
        out.append(HeaderText.field("Reporting-MTA", "dns; " + hostName));
        envelope.parameters().envelopeId().ifPresent(e -> out.append(HeaderText.field("Original-Envelope-Id", e)));
        out.append(HeaderText.field("Arrival-Date", HeaderText.date(envelope.origin().arrival())));
        for (ReportedRecipient f : reported) {
            Mailbox address = f.recipient().address();
            out.append("\r\n");
            // RFC 6533 section 3: an address that is not ASCII is given as utf-8 type.
            out.append(HeaderText.field("Final-Recipient",
                    (address.needsSmtputf8() ? "utf-8; " : "rfc822; ") + address));
            f.recipient().originalRecipient().ifPresent(o -> out.append(HeaderText.field("Original-Recipient",
                    o.indexOf(';') > 0 ? o : "rfc822; " + o)));
            out.append("Action: ").append(f.action()).append("\r\n");
            out.append(HeaderText.field("Status", f.outcome().dsn()));
            f.outcome().relay().ifPresent(r -> out.append(HeaderText.field("Remote-MTA", "dns; " + r.hostName())));
            out.append(HeaderText.field("Diagnostic-Code", "smtp; " + f.outcome().reply()));
            out.append(HeaderText.field("Last-Attempt-Date", HeaderText.date(f.lastAttempt())));
            retryUntil.ifPresent(r -> out.append(HeaderText.field("Will-Retry-Until", HeaderText.date(r))));
        }
        return out.toString();
    }

    private static String boundary(QueueId id) {
        return "=_" + id.value() + "/report";
    }

    /** Copies the original: all of it, or its header only (up to the first empty line). */
    private static void copy(InputStream in, MessageWriter writer, boolean full) throws IOException {
        byte[] block = new byte[BLOCK];
        // How many of "\r\n\r\n" the last bytes matched, to stop after the header.
        int matched = 2;
        int n;
        while ((n = in.read(block)) > 0) {
            int end = n;
            boolean done = false;
            if (!full) {
                for (int i = 0; i < n; i++) {
                    byte b = block[i];
                    matched = b == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
                    if (matched == 4) {
                        end = i + 1;
                        done = true;
                        break;
                    }
                }
            }
            write(writer, Arrays.copyOf(block, end));
            if (done) {
                return;
            }
        }
        if (!full) {
            // A message that is all header: end the part's content with a line end of its own.
            write(writer, CRLF);
        }
    }

    private static void write(MessageWriter writer, byte[] bytes) throws IOException {
        try {
            writer.write(Unpooled.wrappedBuffer(bytes)).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw new IOException("could not write notification: " + e.getCause(), e.getCause());
        }
    }

    @FunctionalInterface
    private interface Body {
        void write(MessageWriter writer) throws IOException;
    }

    private QueueId write(Envelope envelope, Body body) throws IOException {
        MessageWriter writer;
        try {
            writer = sink.open(envelope);
        } catch (SinkUnavailableException e) {
            throw new IOException("queue refused the notification: " + e.getMessage(), e);
        }
        try {
            body.write(writer);
            return writer.commit().toCompletableFuture().join();
        } catch (IOException | RuntimeException e) {
            writer.abort();
            if (e instanceof CompletionException c && c.getCause() != null) {
                throw new IOException("could not queue notification: " + c.getCause(), c.getCause());
            }
            throw e;
        }
    }
}
