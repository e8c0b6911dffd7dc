package dev.mta.smtpd.session;

import dev.mta.core.sink.Origin;
import dev.mta.testkit.sink.InMemoryMessageSink;
import dev.mta.testkit.sink.StoredMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sessions of the local submission socket: locally originated, no AUTH, no TLS, the user in the trace. */
class LocalSessionTest {

    private static final LocalPeer WWW_DATA = new LocalPeer(33, Optional.of("www-data"));

    private final InMemoryMessageSink sink = new InMemoryMessageSink(EmbeddedSession.CLOCK, Runnable::run);

    @Test
    void relaysWithoutAuthAndNamesTheLocalUserInTheTraceAndTheOrigin() {
        try (EmbeddedSession s = new EmbeddedSession(sink, WWW_DATA).greeted()) {
            s.send("MAIL FROM:<www-data@ours.test>\r\nRCPT TO:<someone@elsewhere.test>\r\nDATA\r\n"
                    + "Subject: from cron\r\n\r\nhello\r\n.\r\n");

            String out = s.output();
            assertTrue(out.matches("250 2\\.1\\.0 .*\r\n250 2\\.1\\.5 .*\r\n354 .*\r\n"
                    + "250 2\\.0\\.0 Ok: queued as [0-9A-Z]{14}\r\n"), out);
            StoredMessage stored = sink.messages().get(0);
            String content = stored.contentAsUtf8();
            assertTrue(content.startsWith("Received: from local user www-data (uid 33)\r\n"
                    + "\tby mx.ours.test with ESMTP id "), content);
            assertTrue(content.contains("\r\nMessage-ID: <"), "locally originated mail gets a Message-ID: " + content);
            assertTrue(content.contains("\r\nDate: Wed, 25 Nov 2026 12:00:00 +0000\r\n"), content);
            Origin origin = stored.envelope().origin();
            assertEquals(Origin.Channel.LOCAL, origin.channel());
            assertEquals("www-data (uid 33)", origin.clientAddress());
            assertEquals(Optional.empty(), origin.helo());
            assertTrue(origin.locallyOriginated());
        }
    }

    @Test
    void anIdWithoutANameIsRecordedByNumber() {
        try (EmbeddedSession s = new EmbeddedSession(sink, new LocalPeer(4242, Optional.empty())).greeted()) {
            s.send("MAIL FROM:<>\r\nRCPT TO:<u@ours.test>\r\nDATA\r\nSubject: x\r\n\r\n.\r\n");
            s.output();
            assertTrue(sink.messages().get(0).contentAsUtf8().startsWith("Received: from local user uid 4242\r\n"),
                    sink.messages().get(0).contentAsUtf8());
        }
    }

    @Test
    void offersNeitherStartTlsNorAuth() {
        try (EmbeddedSession s = new EmbeddedSession(sink, WWW_DATA).greeted()) {
            s.send("STARTTLS\r\nAUTH PLAIN AGFsaWNlAHNlY3JldA==\r\n");
            String out = s.output();
            assertTrue(out.startsWith("502 "), out);
            assertTrue(out.contains("\r\n502 "), out);
            assertFalse(out.contains("220"), out);
        }
    }

    @Test
    void aBareLineFeedIsRefusedHereToo() {
        // The socket shares the session's smuggling defence (invariant 8); mta sendmail sends CRLF only.
        try (EmbeddedSession s = new EmbeddedSession(sink, WWW_DATA).greeted()) {
            s.send("MAIL FROM:<>\r\nRCPT TO:<u@ours.test>\r\nDATA\r\nSubject: x\n\nbody\r\n.\r\n");
            String out = s.output();
            assertTrue(out.endsWith("\r\n") && out.substring(out.lastIndexOf("354 ")).contains("\r\n550 5.6.0 "),
                    out);
            assertEquals(0, sink.messageCount());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "www data", "evil\r\nX-Injected: 1", "user:x", "\u00e9t\u00e9"})
    void refusesNamesThatCouldInjectIntoAHeader(String name) {
        assertThrows(IllegalArgumentException.class, () -> new LocalPeer(1, Optional.of(name)));
    }

    @Test
    void describesTheUser() {
        assertEquals("www-data (uid 33)", WWW_DATA.describe());
        assertEquals("uid 0", new LocalPeer(0, Optional.empty()).describe());
    }
}
