package dev.mta.daemon.control;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.QueueId;
import dev.mta.queue.QueueReader;
import dev.mta.queue.record.QueueRecord;
import dev.mta.queue.record.RecipientState;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What {@code mta queue list} and {@code show} print, from any {@link QueueReader}: the running daemon's queue
 * over the control socket, or a stopped spool read offline. The listing answers "why is this message still
 * queued?" as mailq does, with each recipient's state, attempts, last reply and next attempt. Every text that
 * came from outside (addresses, reply texts, headers, body) is escaped ({@link TerminalText}, {@link Json}).
 */
public final class QueueListing {

    private final QueueReader queue;

    public QueueListing(QueueReader queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** The mailq-like listing, a total line last. */
    public void list(Writer out) throws IOException {
        long bytes = 0;
        int count = 0;
        int held = 0;
        for (QueueId id : queue.ids()) {
            Optional<QueueRecord> found = queue.record(id);
            OptionalLong size = queue.messageSize(id);
            if (found.isEmpty() || size.isEmpty()) {
                continue; // Left the queue since the ids were taken.
            }
            QueueRecord r = found.get();
            if (count == 0) {
                out.write(String.format(java.util.Locale.ROOT, "%-14s %10s  %-20s  %s%n", "Queue ID", "Size",
                        "Arrival", "Sender / Recipients"));
            }
            count++;
            bytes += size.getAsLong();
            held += r.held() ? 1 : 0;
            out.write(String.format(java.util.Locale.ROOT, "%-14s %10d  %-20s  %s%s%n", id.value(), size.getAsLong(),
                    time(r.envelope().origin().arrival()), TerminalText.escape(r.envelope().sender().toString()),
                    r.held() ? "  (held)" : ""));
            List<RecipientState> states = r.states();
            for (int i = 0; i < states.size(); i++) {
                RecipientState s = states.get(i);
                out.write("    " + TerminalText.escape(r.envelope().recipients().get(i).address().toString()) + "  "
                        + describe(s) + "\n");
                if (s.lastReply().isPresent()) {
                    out.write("        " + TerminalText.escape(s.lastReply().get()) + "\n");
                }
            }
        }
        if (count == 0) {
            out.write("Mail queue is empty\n");
        } else {
            out.write("-- " + count + (count == 1 ? " message, " : " messages, ") + bytes + " bytes"
                    + (held > 0 ? ", " + held + " held" : "") + "\n");
        }
    }

    /** The listing as one JSON document: {@code {"messages": [...], "count": n, "bytes": b}}. */
    public void listJson(Writer out) throws IOException {
        out.write("{\"messages\": [");
        long bytes = 0;
        int count = 0;
        for (QueueId id : queue.ids()) {
            Optional<QueueRecord> found = queue.record(id);
            OptionalLong size = queue.messageSize(id);
            if (found.isEmpty() || size.isEmpty()) {
                continue;
            }
            QueueRecord r = found.get();
            out.write(count == 0 ? "\n  " : ",\n  ");
            count++;
            bytes += size.getAsLong();
            Envelope e = r.envelope();
            out.write("{\"id\": " + Json.quote(id.value()) + ", \"size\": " + size.getAsLong() + ", \"arrival\": "
                    + Json.quote(e.origin().arrival().toString()) + ", \"sender\": "
                    + Json.quote(e.sender().mailbox().map(Object::toString).orElse("")) + ", \"held\": " + r.held()
                    + ", \"recipients\": [");
            for (int i = 0; i < r.states().size(); i++) {
                RecipientState s = r.states().get(i);
                out.write((i == 0 ? "" : ", ") + "{\"address\": "
                        + Json.quote(e.recipients().get(i).address().toString())
                        + ", \"state\": " + Json.quote(s.status().word()) + ", \"attempts\": " + s.attempts()
                        + ", \"last_attempt\": " + jsonTime(s.lastAttempt()) + ", \"next_attempt\": "
                        + jsonTime(s.nextAttempt()) + ", \"last_reply\": "
                        + s.lastReply().map(Json::quote).orElse("null") + "}");
            }
            out.write("]}");
        }
        out.write((count == 0 ? "" : "\n") + "], \"count\": " + count + ", \"bytes\": " + bytes + "}\n");
    }

    /**
     * One message: envelope, client, each recipient's state, then the headers as stored (our trace header and any
     * signature first), and with {@code body} the body.
     *
     * @return false when {@code id} is not queued (nothing is written)
     */
    public boolean show(QueueId id, boolean body, Writer out) throws IOException {
        Optional<QueueRecord> found = queue.record(id);
        Optional<InputStream> content = found.isPresent() ? queue.openContent(id) : Optional.empty();
        if (found.isEmpty() || content.isEmpty()) {
            return false;
        }
        try (InputStream in = new java.io.BufferedInputStream(content.get(), 64 * 1024)) {
            QueueRecord r = found.get();
            Envelope e = r.envelope();
            Origin o = e.origin();
            out.write("id: " + id.value() + "\n");
            out.write("arrival: " + o.arrival() + "\n");
            out.write("size: " + queue.messageSize(id).orElse(0) + "\n");
            out.write("held: " + (r.held() ? "yes" : "no") + "\n");
            out.write("sender: " + TerminalText.escape(e.sender().toString()) + "\n");
            out.write("client: " + TerminalText.escape(o.clientName().orElse("unknown")) + " ["
                    + TerminalText.escape(o.clientAddress()) + "]"
                    + o.helo().map(h -> ", helo " + TerminalText.escape(h)).orElse("")
                    + o.authenticatedUser().map(u -> ", user " + TerminalText.escape(u)).orElse("")
                    + o.tls().map(t -> ", " + TerminalText.escape(t)).orElse("")
                    + ", via " + o.channel().name().toLowerCase(java.util.Locale.ROOT) + "\n");
            for (int i = 0; i < r.states().size(); i++) {
                RecipientState s = r.states().get(i);
                out.write("recipient: " + TerminalText.escape(e.recipients().get(i).address().toString()) + "  "
                        + describe(s) + "\n");
                if (s.lastReply().isPresent()) {
                    out.write("    last reply: " + TerminalText.escape(s.lastReply().get()) + "\n");
                }
            }
            out.write("-- headers --\n");
            boolean inBody = false;
            for (String line = nextLine(in); line != null; line = nextLine(in)) {
                if (!inBody && line.isEmpty()) {
                    if (!body) {
                        break;
                    }
                    inBody = true;
                    out.write("-- body --\n");
                    continue;
                }
                out.write(TerminalText.escapeLine(line) + "\n");
            }
        }
        return true;
    }

    /** The next line of the content without its line end (CRLF, or a bare LF); null at the end. */
    private static String nextLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.write(b);
        }
        if (b < 0 && line.size() == 0) {
            return null;
        }
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        // Malformed UTF-8 shows as U+FFFD: display only, the queued bytes are untouched.
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static String describe(RecipientState s) {
        StringBuilder out = new StringBuilder(s.status().word());
        if (s.attempts() > 0) {
            out.append(", ").append(s.attempts()).append(s.attempts() == 1 ? " attempt" : " attempts");
        }
        s.lastAttempt().ifPresent(at -> out.append(", last ").append(time(at)));
        s.nextAttempt().ifPresent(at -> out.append(", next ").append(time(at)));
        return out.toString();
    }

    private static String time(Instant at) {
        return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String jsonTime(Optional<Instant> at) {
        return at.map(i -> Json.quote(i.toString())).orElse("null");
    }
}
