package dev.mta.daemon.control;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.queue.QueueSettings;
import dev.mta.queue.QueueStore;
import dev.mta.queue.SpoolSnapshot;
import dev.mta.queue.record.RecipientState;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listing and the details of a message, rendered from a real spool: remote reply texts and message content
 * with escape sequences and line breaks in them reach the output only as visible escapes.
 */
class QueueListingTest {

    private static final Instant ARRIVAL = Instant.parse("2026-11-25T10:15:30.5Z");
    private static final Instant TRIED = Instant.parse("2026-11-25T10:16:00Z");
    private static final Instant NEXT = Instant.parse("2026-11-25T10:21:00Z");
    private static final String CONTENT = "Subject: \u001b]0;owned\u0007\r\nX-Tab:\tkept\r\n\r\nbody \u001b[1m\r\n";
    private static final int SIZE = CONTENT.getBytes(StandardCharsets.UTF_8).length;
    private static final String HOSTILE_REPLY = "451 4.3.0 \u001b[2J\r\n250 fake\u202e";

    @TempDir
    Path dir;

    private QueueId id;
    private QueueListing listing;

    @BeforeEach
    void spool() throws Exception {
        QueueSettings settings = new QueueSettings(dir).withStorage(0, QueueSettings.DEFAULT_SEGMENT_SIZE,
                QueueSettings.DEFAULT_FREE_SPACE_INTERVAL);
        try (QueueStore store = QueueStore.open(settings, Clock.systemUTC())) {
            store.recovered().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Envelope envelope = new Envelope(ReversePath.of(mailbox("alice", "example.com")), MailParameters.DEFAULT,
                    List.of(Recipient.of(mailbox("bob", "example.org")), Recipient.of(mailbox("carol", "example.org"))),
                    new Origin(ARRIVAL, Origin.Channel.SMTP, "192.0.2.1", Optional.of("client.example"),
                            Optional.of("helo.example"), Optional.empty(), Optional.empty(), false));
            MessageWriter writer = store.open(envelope);
            writer.write(Unpooled.copiedBuffer(CONTENT, StandardCharsets.UTF_8));
            id = writer.commit().toCompletableFuture().get(30, TimeUnit.SECONDS);
            store.updateRecipient(id, 1, RecipientState.deferred(2, TRIED, NEXT, HOSTILE_REPLY))
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        listing = new QueueListing(SpoolSnapshot.read(dir));
    }

    @Test
    void theListingShowsEachRecipientsStateWithTheReplyEscaped() throws Exception {
        StringWriter out = new StringWriter();
        listing.list(out);

        String size = String.format("%10d", SIZE);
        assertEquals("Queue ID             Size  Arrival               Sender / Recipients\n"
                + id + " " + size + "  2026-11-25T10:15:30Z  <alice@example.com>\n"
                + "    bob@example.org  pending\n"
                + "    carol@example.org  deferred, 2 attempts, last 2026-11-25T10:16:00Z, next 2026-11-25T10:21:00Z\n"
                + "        451 4.3.0 \\x1b[2J\\x0d\\x0a250 fake\\u202e\n"
                + "-- 1 message, " + size.strip() + " bytes\n", out.toString());
    }

    @Test
    void theJsonListingKeepsTheExactTextAsEscapes() throws Exception {
        StringWriter out = new StringWriter();
        listing.listJson(out);

        String json = out.toString();
        assertTrue(json.contains("\"last_reply\": \"451 4.3.0 \\u001b[2J\\r\\n250 fake\\u202e\""), json);
        assertTrue(json.contains("{\"address\": \"bob@example.org\", \"state\": \"pending\", \"attempts\": 0,"
                + " \"last_attempt\": null, \"next_attempt\": null, \"last_reply\": null}"), json);
        assertTrue(json.contains("\"next_attempt\": \"2026-11-25T10:21:00Z\""), json);
        assertTrue(json.endsWith("], \"count\": 1, \"bytes\": " + SIZE + "}\n"), json);
        assertFalse(json.chars().anyMatch(c -> c < 0x20 && c != '\n'), "no raw control character");
    }

    @Test
    void showPrintsEnvelopeHeadersAndOnRequestTheBodyEscaped() throws Exception {
        StringWriter headers = new StringWriter();
        assertTrue(listing.show(id, false, headers));
        assertEquals("id: " + id + "\n"
                + "arrival: 2026-11-25T10:15:30.500Z\n"
                + "size: " + SIZE + "\n"
                + "held: no\n"
                + "sender: <alice@example.com>\n"
                + "client: client.example [192.0.2.1], helo helo.example, via smtp\n"
                + "recipient: bob@example.org  pending\n"
                + "recipient: carol@example.org  deferred, 2 attempts, last 2026-11-25T10:16:00Z,"
                + " next 2026-11-25T10:21:00Z\n"
                + "    last reply: 451 4.3.0 \\x1b[2J\\x0d\\x0a250 fake\\u202e\n"
                + "-- headers --\n"
                + "Subject: \\x1b]0;owned\\x07\n"
                + "X-Tab:\tkept\n", headers.toString());

        StringWriter body = new StringWriter();
        assertTrue(listing.show(id, true, body));
        assertTrue(body.toString().endsWith("X-Tab:\tkept\n-- body --\nbody \\x1b[1m\n"), body.toString());
        assertFalse(listing.show(new QueueId("0123456789ABCD"), false, new StringWriter()));
    }

    private static Mailbox mailbox(String local, String domain) {
        return new Mailbox(local, new Domain(domain, domain));
    }
}
