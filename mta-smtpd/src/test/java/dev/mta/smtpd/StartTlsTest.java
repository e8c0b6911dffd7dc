package dev.mta.smtpd;

import dev.mta.testkit.sink.InMemoryMessageSink;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** STARTTLS on the wire (RFC 3207): the session starts again inside TLS and STARTTLS is not offered twice. */
class StartTlsTest {

    @Test
    void afterTheHandshakeTheSessionStartsAgainWithoutStartTls() throws Exception {
        try (LoopbackServer server = new LoopbackServer(new InMemoryMessageSink(), LoopbackServer.outsider(),
                LimitSettings.DEFAULTS);
             Socket plain = new Socket()) {
            InetSocketAddress address = server.smtp();
            plain.connect(address, 10_000);
            plain.setSoTimeout(10_000);
            InputStream in = plain.getInputStream();
            assertTrue(reply(in).startsWith("220 "));
            plain.getOutputStream().write("EHLO c.test\r\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(reply(in).contains("250 STARTTLS\r\n"), "offered before TLS");
            plain.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("220 2.0.0 Ready to start TLS\r\n", reply(in));

            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[]{new TrustAll()}, new SecureRandom());
            try (SSLSocket tls = (SSLSocket) trustAll.getSocketFactory()
                    .createSocket(plain, address.getHostString(), address.getPort(), true)) {
                tls.startHandshake();
                InputStream tin = tls.getInputStream();
                tls.getOutputStream().write("MAIL FROM:<a@remote.test>\r\nEHLO c.test\r\nSTARTTLS\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                assertTrue(reply(tin).startsWith("503 5.5.1 "), "the EHLO before TLS is forgotten");
                String ehlo = reply(tin);
                assertTrue(ehlo.startsWith("250-mx.ours.test"), ehlo);
                assertFalse(ehlo.contains("STARTTLS"), ehlo);
                assertEquals("503 5.5.1 TLS already active\r\n", reply(tin));
            }
        }
    }

    private static String reply(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                reply.writeBytes(line.toByteArray());
                byte[] text = line.toByteArray();
                line.reset();
                if (text.length < 4 || text[3] != '-') {
                    break;
                }
            }
        }
        return reply.toString(StandardCharsets.US_ASCII);
    }

    /** The test's own self-signed certificate: trust is not what this test is about. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
