package dev.mta.smtpd.dialog;

import dev.mta.core.address.Mailbox;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.LoopbackServer;
import dev.mta.smtpd.RawClient;
import dev.mta.smtpd.session.SessionTestAccess;
import dev.mta.testkit.sink.InMemoryMessageSink;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every dialog fixture against a session in an {@code EmbeddedChannel} and against the server on loopback
 * (STYLE.md, tests layer 2). Besides the replies: no message from {@code smuggled@remote.test} is ever stored, and
 * after the last expected reply nothing more is said.
 */
class DialogTest {

    static List<Dialog> dialogs() throws Exception {
        return Dialog.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialogs")
    void embedded(Dialog dialog) throws Exception {
        InMemoryMessageSink sink = new InMemoryMessageSink();
        try (SessionTestAccess.Embedded session = SessionTestAccess.embedded(sink, ListenerRole.SMTP,
                dialog.limits(), dialog.timeouts())) {
            StringBuilder pending = new StringBuilder();
            for (Dialog.Step step : dialog.steps()) {
                if (step instanceof Dialog.Send send) {
                    session.send(send.octets());
                } else {
                    pending.append(session.output());
                    String reply = takeReply(pending);
                    assertNotNull(reply, dialog + ": no reply for " + step);
                    assertTrue(((Dialog.Expect) step).matches(reply), dialog + ": " + step + " got " + reply);
                }
            }
            pending.append(session.output());
            assertEquals("", pending.toString(), dialog + ": nothing more is said");
            assertNoSmuggledMessage(sink);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialogs")
    void loopback(Dialog dialog) throws Exception {
        InMemoryMessageSink sink = new InMemoryMessageSink();
        try (LoopbackServer server = new LoopbackServer(sink, LoopbackServer.outsider(), dialog.limits(),
                dialog.timeouts());
             RawClient client = new RawClient(server.smtp())) {
            for (Dialog.Step step : dialog.steps()) {
                if (step instanceof Dialog.Send send) {
                    client.send(send.octets());
                } else {
                    String reply = client.reply();
                    assertNotNull(reply, dialog + ": connection closed before " + step);
                    assertTrue(((Dialog.Expect) step).matches(reply), dialog + ": " + step + " got " + reply);
                }
            }
            // Every dialog ends with QUIT, or with STARTTLS followed by an injection: either way the server
            // closes, and says nothing more first (for CVE-2011-0411: nothing answers the injected RSET).
            assertEquals(null, client.line(), dialog + ": nothing after the last reply");
            assertNoSmuggledMessage(sink);
        }
    }

    private static void assertNoSmuggledMessage(InMemoryMessageSink sink) {
        assertTrue(sink.messages().stream().noneMatch(m -> m.envelope().sender().mailbox()
                .map(Mailbox::toString).filter("smuggled@remote.test"::equals).isPresent()), "no smuggled message");
    }

    /** Removes and returns the first whole reply in {@code pending}, or null. */
    private static String takeReply(StringBuilder pending) {
        int start = 0;
        while (true) {
            int end = pending.indexOf("\r\n", start);
            if (end < 0) {
                return null;
            }
            boolean last = end - start < 4 || pending.charAt(start + 3) != '-';
            if (last) {
                String reply = pending.substring(0, end + 2);
                pending.delete(0, end + 2);
                return reply;
            }
            start = end + 2;
        }
    }
}
