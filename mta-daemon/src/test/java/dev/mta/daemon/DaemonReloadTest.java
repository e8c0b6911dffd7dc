package dev.mta.daemon;

import dev.mta.core.tls.KeyType;
import dev.mta.core.tls.PemTlsMaterialWriter;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import dev.mta.core.tls.TlsMaterial;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.smtpd.auth.PasswordHasher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Daemon#reload()} in process: users, aliases, recipients and the certificate by server name are replaced
 * on disk, a new session sees the new values, sessions opened before go on; a bad file keeps the old value and is
 * reported with its file and reason.
 */
class DaemonReloadTest {

    @TempDir
    Path tmp;

    private Daemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.stop();
        }
    }

    @Test
    void aReloadSwapsEachFileAndKeepsSessionsAndTheOldValueOfABadFile() throws Exception {
        PasswordHasher hasher = new PasswordHasher();
        Path users = Files.writeString(tmp.resolve("users"), "alice@ours.test:" + hasher.hash("one").usersFileForm()
                + "\n");
        Path aliases = Files.writeString(tmp.resolve("aliases"), "root: admin@example.test\n");
        Path recipients = Files.writeString(tmp.resolve("recipients"), "known@ours.test\n");
        Path sniCert = tmp.resolve("org-cert.pem");
        Path sniKey = tmp.resolve("org-key.pem");
        TlsMaterial first = certificate("mail.example.org", sniCert, sniKey);
        Path config = TestConfigs.write(tmp, "daemon.properties");
        Files.writeString(config, "users.file = " + users + "\naliases.file = " + aliases + "\n"
                + "domains = ours.test\ndomain.ours.test.recipients = " + recipients + "\n"
                + "route.ours.test = [127.0.0.1]:9\n"
                + "tls.sni.mail.example.org.certificate = " + sniCert + "\n"
                + "tls.sni.mail.example.org.key = " + sniKey + "\n", StandardOpenOption.APPEND);
        daemon = new Daemon(ConfigLoader.load(config), Clock.systemUTC());
        List<InetSocketAddress> bound = daemon.start();

        try (Client before = Client.plain(bound.get(0));
             Client submission = Client.tls(bound.get(2), "mail.example.org")) {
            assertEquals(first.leaf(), submission.certificate());
            before.expect("EHLO c.test", "250");
            before.expect("MAIL FROM:<a@remote.test>", "250");
            before.expect("RCPT TO:<root@ours.test>", "250 2.1.5");
            before.expect("RCPT TO:<new@ours.test>", "550 5.1.1");
            before.expect("RCPT TO:<ops@ours.test>", "550 5.1.1");
            submission.expect("EHLO c.test", "250");
            submission.expect("AUTH PLAIN " + plain("alice@ours.test", "one"), "235");

            Files.writeString(users, "alice@ours.test:" + hasher.hash("two").usersFileForm() + "\n");
            Files.writeString(aliases, "root: admin@example.test\nops: root\n");
            Files.writeString(recipients, "known@ours.test\nnew@ours.test\n");
            TlsMaterial second = certificate("mail.example.org", sniCert, sniKey);
            assertEquals(List.of(), daemon.reload());

            before.expect("RCPT TO:<new@ours.test>", "250 2.1.5");
            before.expect("RCPT TO:<ops@ours.test>", "250 2.1.5");
            before.expect("DATA", "354");
            before.expect("Subject: reload\r\n\r\nbody\r\n.", "250 2.0.0");
            submission.expect("MAIL FROM:<alice@ours.test>", "250 2.1.0");

            try (Client after = Client.tls(bound.get(2), "mail.example.org")) {
                assertEquals(second.leaf(), after.certificate(), "a new handshake gets the new certificate");
                after.expect("EHLO c.test", "250");
                after.expect("AUTH PLAIN " + plain("alice@ours.test", "two"), "235");
            }

            Files.writeString(aliases, "root: |/bin/sh\n");
            Files.writeString(sniKey, "not a key\n");
            List<String> problems = daemon.reload();
            assertEquals(2, problems.size(), problems.toString());
            assertTrue(problems.stream().anyMatch(p -> p.startsWith("TLS certificate for mail.example.org: ")),
                    problems.toString());
            assertTrue(problems.contains(aliases + ":1: alias root: programs, files and :include: are not supported,"
                    + " only addresses"), problems.toString());
            try (Client after = Client.tls(bound.get(2), "mail.example.org")) {
                assertEquals(second.leaf(), after.certificate(), "the certificate loaded before stays");
            }
            before.expect("RSET", "250");
            before.expect("MAIL FROM:<a@remote.test>", "250");
            before.expect("RCPT TO:<ops@ours.test>", "250 2.1.5");
        }
    }

    @Test
    void aMalformedAliasesFileIsAConfigurationErrorNamingFileAndLine() throws Exception {
        Path aliases = Files.writeString(tmp.resolve("aliases"), "# aliases\nroot: nobody\n");
        Path config = TestConfigs.write(tmp, "daemon.properties");
        Files.writeString(config, "aliases.file = " + aliases + "\n", StandardOpenOption.APPEND);
        daemon = new Daemon(ConfigLoader.load(config), Clock.systemUTC());
        StartupException failure = assertThrows(StartupException.class, daemon::start);
        assertEquals(ExitStatus.USAGE, failure.status());
        assertEquals("aliases file " + aliases + ":2: nobody is not an alias: a target is an address (name@domain)"
                + " or the name of another alias", failure.getMessage());
    }

    private TlsMaterial certificate(String name, Path certificate, Path key) throws Exception {
        Files.deleteIfExists(certificate);
        Files.deleteIfExists(key);
        TlsMaterial material = new SelfSignedCertificateGenerator(Clock.systemUTC()).generate(name, KeyType.EC_P256);
        new PemTlsMaterialWriter().write(material, certificate, key);
        return material;
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** A line-by-line SMTP client over a plain or TLS socket. */
    private static final class Client implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;

        private Client(Socket socket) throws IOException {
            this.socket = socket;
            socket.setSoTimeout(10_000);
            this.in = socket.getInputStream();
            assertTrue(reply().startsWith("220 "));
        }

        static Client plain(InetSocketAddress address) throws IOException {
            return new Client(new Socket(address.getAddress(), address.getPort()));
        }

        static Client tls(InetSocketAddress address, String serverName) throws Exception {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[]{new TrustAll()}, new SecureRandom());
            SSLSocket socket = (SSLSocket) trustAll.getSocketFactory().createSocket(address.getAddress(),
                    address.getPort());
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(serverName)));
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new Client(socket);
        }

        X509Certificate certificate() throws IOException {
            return (X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
        }

        void expect(String command, String replyStart) throws IOException {
            socket.getOutputStream().write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            String reply = reply();
            assertTrue(reply.startsWith(replyStart), command + " got " + reply);
        }

        private String reply() throws IOException {
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

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Test certificates: trust is not what this test is about. */
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
