package dev.mta.smtpd;

import dev.mta.core.tls.KeyType;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import dev.mta.core.tls.TlsMaterial;
import dev.mta.testkit.sink.InMemoryMessageSink;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Several certificates chosen by SNI (RFC 6066 section 3), with a real TLS client on loopback: implicit TLS and
 * STARTTLS, each name, no name, an unknown name; and a reload that new handshakes see while an established
 * session goes on.
 */
class SniTest {

    private static TlsMaterial certificate(String name) throws Exception {
        return new SelfSignedCertificateGenerator(Clock.systemUTC()).generate(name, KeyType.EC_P256);
    }

    @Test
    void eachServerNameGetsItsCertificateAndOthersTheDefault() throws Exception {
        TlsMaterial fallback = certificate(LoopbackServer.HOSTNAME);
        TlsMaterial org = certificate("mail.example.org");
        TlsMaterial net = certificate("mail.example.net");
        ServerTlsContext tls = new ServerTlsContext(fallback,
                Map.of("mail.example.org", org, "MAIL.example.net.", net));
        try (LoopbackServer server = new LoopbackServer(new InMemoryMessageSink(), LoopbackServer.outsider(), tls)) {
            assertEquals(org.leaf(), implicitTls(server, "mail.example.org"));
            assertEquals(net.leaf(), implicitTls(server, "Mail.Example.Net"), "names match without case");
            assertEquals(fallback.leaf(), implicitTls(server, "unknown.example.com"));
            assertEquals(fallback.leaf(), implicitTls(server, null), "no SNI: the default");

            assertEquals(org.leaf(), startTls(server, "mail.example.org"));
            assertEquals(fallback.leaf(), startTls(server, null));
        }
    }

    @Test
    void aReloadReachesNewHandshakesAndAnEstablishedSessionGoesOn() throws Exception {
        TlsMaterial fallback = certificate(LoopbackServer.HOSTNAME);
        TlsMaterial before = certificate("mail.example.org");
        ServerTlsContext tls = new ServerTlsContext(fallback, Map.of("mail.example.org", before));
        try (LoopbackServer server = new LoopbackServer(new InMemoryMessageSink(), LoopbackServer.outsider(), tls);
             RawClient open = RawClient.implicitTls(server.submissions(), "mail.example.org")) {
            assertTrue(open.reply().startsWith("220 "));
            assertEquals(before.leaf(), open.peerCertificate());

            TlsMaterial newFallback = certificate(LoopbackServer.HOSTNAME);
            TlsMaterial after = certificate("mail.example.org");
            tls.reload(newFallback, Map.of("mail.example.org", after));

            assertEquals(after.leaf(), implicitTls(server, "mail.example.org"));
            assertEquals(newFallback.leaf(), implicitTls(server, null));
            open.send("EHLO client.remote.test\r\n");
            assertTrue(open.reply().startsWith("250-"), "the session that shook hands before goes on");
            assertEquals(before.leaf(), open.peerCertificate(), "and keeps its certificate");
        }
    }

    private static java.security.cert.X509Certificate implicitTls(LoopbackServer server, String name)
            throws Exception {
        try (RawClient client = RawClient.implicitTls(server.submissions(), name)) {
            assertTrue(client.reply().startsWith("220 "));
            return client.peerCertificate();
        }
    }

    private static java.security.cert.X509Certificate startTls(LoopbackServer server, String name)
            throws Exception {
        try (RawClient client = new RawClient(server.smtp())) {
            assertTrue(client.reply().startsWith("220 "));
            client.send("EHLO client.remote.test\r\n");
            assertTrue(client.reply().contains("STARTTLS"));
            client.send("STARTTLS\r\n");
            assertTrue(client.reply().startsWith("220 "));
            client.handshake(name);
            client.send("EHLO client.remote.test\r\n");
            assertTrue(client.reply().startsWith("250-"), "the session goes on inside TLS");
            return client.peerCertificate();
        }
    }
}
