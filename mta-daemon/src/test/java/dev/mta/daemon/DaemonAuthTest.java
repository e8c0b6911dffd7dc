package dev.mta.daemon;

import dev.mta.daemon.config.ConfigLoader;
import dev.mta.smtpd.auth.PasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon with a users file: AUTH on the submission listeners, and a bad users file stops the start. */
class DaemonAuthTest {

    @TempDir
    Path tmp;

    private final List<Daemon> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(Daemon::stop);
    }

    private Daemon daemon(String usersFile) throws Exception {
        Path config = TestConfigs.write(tmp, "daemon.properties");
        Path users = Files.writeString(tmp.resolve("users"), usersFile);
        Files.writeString(config, "users.file = " + users + "\n", StandardOpenOption.APPEND);
        Daemon daemon = new Daemon(ConfigLoader.load(config), Clock.systemUTC());
        started.add(daemon);
        return daemon;
    }

    @Test
    void anAuthenticatedUserSendsOnSubmissionsAndPort25OffersNoAuth() throws Exception {
        String hash = new PasswordHasher().hash("secret").usersFileForm();
        List<InetSocketAddress> bound = daemon("# users\nalice@example.test:" + hash + "\n").start();

        try (SSLSocket socket = tls(bound.get(2))) {
            InputStream in = socket.getInputStream();
            assertTrue(reply(in).startsWith("220 "));
            send(socket, "EHLO client.test\r\n");
            assertTrue(reply(in).contains("AUTH PLAIN LOGIN\r\n"));
            String plain = Base64.getEncoder().encodeToString("\0alice@example.test\0secret"
                    .getBytes(StandardCharsets.UTF_8));
            send(socket, "AUTH PLAIN " + plain + "\r\n");
            assertEquals("235 2.7.0 Authentication successful\r\n", reply(in));
            send(socket, "MAIL FROM:<alice@example.test>\r\n");
            assertTrue(reply(in).startsWith("250 "));
            send(socket, "RCPT TO:<bob@elsewhere.test>\r\n");
            assertTrue(reply(in).startsWith("250 "));
            send(socket, "DATA\r\n");
            assertTrue(reply(in).startsWith("354 "));
            send(socket, "From: alice@example.test\r\nSubject: hi\r\n\r\nhello\r\n.\r\n");
            String queued = reply(in);
            assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);
        }
        try (java.net.Socket socket = new java.net.Socket(bound.get(0).getAddress(), bound.get(0).getPort())) {
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            reply(in);
            socket.getOutputStream().write("EHLO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
            assertFalse(reply(in).contains("AUTH"));
        }
    }

    @Test
    void anInvalidUsersFileIsAConfigurationError() throws Exception {
        Daemon daemon = daemon("alice@example.test:not-a-hash\n");
        StartupException failure = assertThrows(StartupException.class, daemon::start);
        assertEquals(ExitStatus.USAGE, failure.status());
        assertTrue(failure.getMessage().startsWith("users file " + tmp.resolve("users") + ":1: "),
                failure.getMessage());
    }

    private static SSLSocket tls(InetSocketAddress address) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[]{new TrustAll()}, new SecureRandom());
        SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket(address.getAddress(),
                address.getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(SSLSocket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** A whole reply, continuation lines included. */
    private static String reply(InputStream in) throws IOException {
        StringBuilder reply = new StringBuilder();
        while (true) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b == -1) {
                    throw new IOException("closed after " + reply + line);
                }
                line.write(b);
            }
            String text = line.toString(StandardCharsets.UTF_8) + "\n";
            reply.append(text);
            if (text.length() < 4 || text.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }

    /** The daemon's own self-signed certificate: trust is not what this test is about. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusted: a test certificate
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusted: a test certificate
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
