package dev.mta.daemon.metrics;

import dev.mta.daemon.Daemon;
import dev.mta.daemon.TestConfigs;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import dev.mta.testkit.smtp.TestCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/** The daemon's /metrics and /health, scraped over HTTP as Prometheus and a load balancer would. */
class MetricsEndpointTest {

    private static final String QUEUED_SMTP = "mta_messages_queued_total{origin=\"smtp\"}";
    private static final String SENT = "mta_delivery_recipients_total{status=\"sent\"}";

    @TempDir
    Path tmp;

    private final List<Daemon> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Daemon::stop);
    }

    @Test
    void countersMoveWhenAMessageIsQueuedAndDeliveredToItsRoute() throws Exception {
        try (ScriptedSmtpServer route = ScriptedSmtpServer.start()) {
            Daemon daemon = daemon(route, "100MiB");
            InetSocketAddress smtp = daemon.start().get(0);
            Scrape scrape = new Scrape(daemon.metricsAddress().orElseThrow());

            Map<String, Double> before = scrape.samples();
            assertEquals(0.0, before.get(QUEUED_SMTP), before.toString());
            assertEquals(0.0, before.get(SENT));
            assertEquals(0.0, before.get("mta_delivery_delay_seconds_count"));
            assertEquals(0.0, before.get("mta_queue_messages"));
            assertEquals(0.0, before.get("mta_smtpd_connections"));

            try (Socket client = connect(smtp)) {
                assertEquals("220 localhost ESMTP\r\n", readLine(client.getInputStream()));
                assertEquals(1.0, scrape.samples().get("mta_smtpd_connections"), "the open session counts");
                send(client, "alice@localhost", "bob@example.test", "Subject: counted\r\n\r\nhello\r\n");
            }
            route.takeTransaction(Duration.ofSeconds(30));

            Map<String, Double> after = scrape.awaitSample(SENT, 1.0);
            assertEquals(1.0, after.get(QUEUED_SMTP), after.toString());
            assertEquals(0.0, after.get("mta_delivery_recipients_total{status=\"deferred\"}"));
            assertEquals(0.0, after.get("mta_delivery_recipients_total{status=\"bounced\"}"));
            assertEquals(1.0, after.get("mta_delivery_delay_seconds_count"));
            assertEquals(1.0, after.get("mta_delivery_delay_seconds_bucket{le=\"+Inf\"}"));
            assertEquals(0.0, after.get("mta_dkim_signatures_total"), "no key: nothing signed");
            scrape.awaitSample("mta_queue_messages", 0.0);
        }
    }

    @Test
    void outboundTlsAndDnsFailuresAreCounted() throws Exception {
        try (ScriptedSmtpServer route = ScriptedSmtpServer.start().startTls(TestCertificate.create("localhost"))) {
            Daemon daemon = daemon(route, "1MiB");
            InetSocketAddress smtp = daemon.start().get(0);
            Scrape scrape = new Scrape(daemon.metricsAddress().orElseThrow());
            assertEquals(0.0, scrape.samples().get("mta_delivery_dns_failures_total"));
            assertEquals(0.0, scrape.samples().get("mta_queue_held_messages"));

            try (Socket client = connect(smtp)) {
                readLine(client.getInputStream());
                // example.test has a route to the test server, which offers STARTTLS; nowhere.test needs DNS,
                // which goes to a closed loopback port and fails.
                send(client, "alice@localhost", "bob@example.test", "Subject: over tls\r\n\r\nhello\r\n");
            }
            try (Socket client = connect(smtp)) {
                readLine(client.getInputStream());
                send(client, "alice@localhost", "carol@nowhere.test", "Subject: no dns\r\n\r\nhello\r\n");
            }
            assertTrue(route.takeTransaction(Duration.ofSeconds(30)).tls());

            scrape.awaitSample(SENT, 1.0);
            Map<String, Double> samples = scrape.awaitSample("mta_delivery_dns_failures_total", 1.0);
            assertEquals(1.0, samples.get("mta_delivery_recipients_total{status=\"deferred\"}"), samples.toString());
            String outboundOk = "mta_tls_handshakes_total{direction=\"outbound\",result=\"ok\"";
            assertEquals(1.0, samples.entrySet().stream().filter(e -> e.getKey().startsWith(outboundOk))
                    .mapToDouble(Map.Entry::getValue).sum(), samples.toString());
        }
    }

    @Test
    void tlsHandshakesWithClientsAreCountedByResultAndVersion() throws Exception {
        try (ScriptedSmtpServer route = ScriptedSmtpServer.start()) {
            Daemon daemon = new Daemon(ConfigLoader.load(TestConfigs.write(tmp, "metrics-tls.properties",
                    Map.of("SINKPORT", String.valueOf(route.address().getPort()), "RESERVE", "1MiB"))),
                    Clock.systemUTC());
            started.add(daemon);
            List<InetSocketAddress> bound = daemon.start();
            Scrape scrape = new Scrape(daemon.metricsAddress().orElseThrow());

            String version;
            try (Socket plain = connect(bound.get(0))) {
                InputStream in = plain.getInputStream();
                readLine(in);
                plain.getOutputStream().write("EHLO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
                while (!readLine(in).startsWith("250 ")) {
                    // the EHLO reply's extension lines
                }
                plain.getOutputStream().write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(readLine(in).startsWith("220 "));
                try (SSLSocket tls = (SSLSocket) trustingAnyCertificate().getSocketFactory()
                        .createSocket(plain, "localhost", bound.get(0).getPort(), true)) {
                    tls.startHandshake();
                    version = tls.getSession().getProtocol();
                }
            }
            // Plain text where a TLS record must come: the implicit-TLS listener's handshake fails.
            try (Socket wrong = connect(bound.get(1))) {
                wrong.getOutputStream().write("EHLO plain.test\r\n".getBytes(StandardCharsets.US_ASCII));
                // The server answers with a TLS alert record (content type 21) at most, then closes.
                byte[] answer = wrong.getInputStream().readAllBytes();
                assertTrue(answer.length == 0 || answer[0] == 21, "not a TLS alert: " + answer[0]);
            }

            Map<String, Double> samples = scrape.awaitSample(
                    "mta_tls_handshakes_total{direction=\"inbound\",result=\"failed\",version=\"none\"}", 1.0);
            assertEquals(1.0, samples.get("mta_tls_handshakes_total{direction=\"inbound\",result=\"ok\",version=\""
                    + version + "\"}"), samples.toString());
        }
    }

    /** Our test certificate is self-signed; what is counted here is the handshake, not the trust. */
    private static SSLContext trustingAnyCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
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
        }}, null);
        return context;
    }

    @Test
    void healthIsOkWhileServingAndTheEndpointClosesWithTheDaemon() throws Exception {
        try (ScriptedSmtpServer route = ScriptedSmtpServer.start()) {
            Daemon daemon = daemon(route, "1MiB");
            daemon.start();
            Scrape scrape = new Scrape(daemon.metricsAddress().orElseThrow());

            HttpResponse<String> health = scrape.get("/health");
            assertEquals(200, health.statusCode());
            assertEquals("ok\n", health.body());
            assertEquals(404, scrape.get("/nothing-here").statusCode());

            daemon.stop();

            assertThrows(ConnectException.class, () -> scrape.get("/health"));
        }
    }

    @Test
    void healthIs503WhenTheDiskIsBelowTheReserve() throws Exception {
        // More than any test machine has free: an honest shortage, for root and everyone else.
        try (ScriptedSmtpServer route = ScriptedSmtpServer.start()) {
            Daemon daemon = daemon(route, "1048576GiB");
            daemon.start();

            HttpResponse<String> health = new Scrape(daemon.metricsAddress().orElseThrow()).get("/health");

            assertEquals(503, health.statusCode());
            assertTrue(health.body().contains("is below queue.free-space-reserve (1125899906842624 bytes)"),
                    health.body());
        }
    }

    @Test
    void healthIs503WhenTheSpoolIsNotWritable() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "root writes to a read-only directory; healthIs503WhenTheDiskIsBelowTheReserve covers root");
        try (ScriptedSmtpServer route = ScriptedSmtpServer.start()) {
            Daemon daemon = daemon(route, "1MiB");
            daemon.start();
            Path spool = tmp.resolve("spool");
            Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("r-x------"));
            try {
                HttpResponse<String> health = new Scrape(daemon.metricsAddress().orElseThrow()).get("/health");

                assertEquals(503, health.statusCode());
                assertEquals("queue directory " + spool + " is not writable: permission denied\n", health.body());
            } finally {
                Files.setPosixFilePermissions(spool, PosixFilePermissions.fromString("rwx------"));
            }
        }
    }

    private Daemon daemon(ScriptedSmtpServer route, String reserve) throws Exception {
        Daemon daemon = new Daemon(ConfigLoader.load(TestConfigs.write(tmp, "metrics.properties",
                Map.of("SINKPORT", String.valueOf(route.address().getPort()), "RESERVE", reserve))),
                Clock.systemUTC());
        started.add(daemon);
        return daemon;
    }

    private static void send(Socket socket, String from, String to, String content) throws IOException {
        InputStream in = socket.getInputStream();
        socket.getOutputStream().write(("EHLO client.test\r\nMAIL FROM:<" + from + ">\r\nRCPT TO:<" + to
                + ">\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
        String line;
        do {
            line = readLine(in);
        } while (!line.startsWith("354 "));
        socket.getOutputStream().write((content + ".\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
        String queued = readLine(in);
        assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);
    }

    private static Socket connect(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 10_000);
        // A guard against a hang, not a measurement: the reply is due at once.
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
