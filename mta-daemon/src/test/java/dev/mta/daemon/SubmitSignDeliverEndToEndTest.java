package dev.mta.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mta.core.dns.DnsResolver;
import dev.mta.core.dns.DnsResult;
import dev.mta.core.dns.DnsSettings;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.dkim.DkimKeyGenerator;
import dev.mta.dkim.DkimPublicRecord;
import dev.mta.dkim.DkimResult;
import dev.mta.dkim.DkimVerifier;
import dev.mta.dkim.SigningAlgorithm;
import dev.mta.smtpd.auth.PasswordHasher;
import dev.mta.testkit.dns.LoopbackDnsServer;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import io.netty.buffer.Unpooled;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The whole way, in one process: Angus Mail submits with STARTTLS and AUTH PLAIN; the daemon signs with an RSA-2048
 * and an Ed25519 key for example.test, queues, finds {@code dest.test}'s MX in a DNS server on loopback and relays
 * to a real SMTP server there; the message that arrives carries two signatures that our verifier, Apache jDKIM
 * (RSA only) and dkimpy accept, each looking the keys up in that same DNS server.
 *
 * <p>Why root: an MX host is reached on port 25 (RFC 5321 section 4.5.4.2) and the daemon has no setting for
 * another port, so the receiving server must bind 127.0.0.1:25. The test is skipped with that reason when not run
 * as root (CI is root).
 */
class SubmitSignDeliverEndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PYTHON = "/usr/bin/python3";

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeEach
    void needsRoot() {
        assumeTrue("root".equals(System.getProperty("user.name")),
                "the receiving server must bind 127.0.0.1:25 (MX hosts are reached on port 25), which needs root");
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        executor.shutdownNow();
    }

    @Test
    void submittedWithAuthSignedTwiceDeliveredThroughMxAndVerifiedByThreeVerifiers() throws Exception {
        DkimKeyGenerator keys = new DkimKeyGenerator(new SecureRandom());
        KeyPair rsa = keys.generate(DkimKeyGenerator.Kind.RSA_2048);
        KeyPair ed = keys.generate(DkimKeyGenerator.Kind.ED25519);
        keys.writePrivateKey(tmp.resolve("example.test.rsa.pem"), rsa);
        keys.writePrivateKey(tmp.resolve("example.test.ed.pem"), ed);
        Files.writeString(tmp.resolve("users"),
                "alice@example.test:" + new PasswordHasher().hash("s3cret").usersFileForm() + "\n");

        LoopbackDnsServer dns = LoopbackDnsServer.start();
        toClose.add(dns);
        dns.mx("dest.test", 10, "mx.dest.test").a("mx.dest.test", "127.0.0.1");
        dns.txt("rsa._domainkey.example.test", DkimPublicRecord.of(rsa.getPublic()).strings().toArray(String[]::new));
        dns.txt("ed._domainkey.example.test", DkimPublicRecord.of(ed.getPublic()).strings().toArray(String[]::new));

        ScriptedSmtpServer mx = ScriptedSmtpServer.start(
                new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 25));
        toClose.add(mx);

        Daemon daemon = new Daemon(ConfigLoader.load(TestConfigs.write(tmp, "end-to-end.properties",
                Map.of("DNSPORT", Integer.toString(dns.port())))), Clock.systemUTC());
        toClose.add(daemon::stop);
        InetSocketAddress submission = daemon.start().get(0);

        Session session = submissionSession(submission);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("alice@example.test"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress("bob@dest.test"));
        message.setSubject("end to end");
        message.setText("Signed on the way in, verified on the way out.\n.leading dot\n");
        Transport.send(message, "alice@example.test", "s3cret");

        RecordedTransaction delivered = mx.takeTransaction(WAIT);
        assertNotNull(delivered, "nothing arrived at mx.dest.test");
        assertTrue(delivered.mail().startsWith("MAIL FROM:<alice@example.test>"), delivered.mail());
        assertEquals(List.of("RCPT TO:<bob@dest.test>"), delivered.rcpts());
        byte[] content = delivered.content();
        String text = new String(content, StandardCharsets.UTF_8);
        assertTrue(text.contains("\r\n.leading dot\r\n"), text);

        List<DkimResult> ours = ourVerifier(dns, content);
        assertEquals(2, ours.size(), ours::toString);
        for (DkimResult result : ours) {
            assertEquals(DkimResult.Status.PASS, result.status(), result::toAuthenticationResults);
            assertEquals("example.test", result.domain().orElseThrow());
        }
        assertEquals(List.of(SigningAlgorithm.ED25519_SHA256, SigningAlgorithm.RSA_SHA256).stream().sorted().toList(),
                ours.stream().map(r -> r.algorithm().orElseThrow()).sorted().toList(), "dual signing");

        List<String> jdkimPassed = jdkim(dns, content);
        assertEquals(List.of("rsa"), jdkimPassed, "jDKIM verifies the RSA signature");

        String dkimpy = dkimpy(dns, content);
        assertEquals("pass pass", dkimpy, "dkimpy, one word per signature");
    }

    private static Session submissionSession(InetSocketAddress address) {
        Properties props = new Properties();
        props.put("mail.smtp.host", address.getAddress().getHostAddress());
        props.put("mail.smtp.port", Integer.toString(address.getPort()));
        props.put("mail.smtp.localhost", "client.example.test");
        props.put("mail.smtp.connectiontimeout", "10000");
        props.put("mail.smtp.timeout", "10000");
        props.put("mail.smtp.auth", "true");
        props.put("mail.smtp.auth.mechanisms", "PLAIN");
        props.put("mail.smtp.starttls.enable", "true");
        props.put("mail.smtp.starttls.required", "true");
        // The daemon's certificate is self-signed, made at start.
        props.put("mail.smtp.ssl.trust", "*");
        props.put("mail.smtp.ssl.checkserveridentity", "false");
        return Session.getInstance(props);
    }

    private DnsResolver resolver(LoopbackDnsServer dns) {
        return new DnsResolver(DnsSettings.ofServers(List.of(dns.hostAndPort())), executor, Clock.systemUTC());
    }

    private List<DkimResult> ourVerifier(LoopbackDnsServer dns, byte[] message) throws Exception {
        DnsResolver resolver = resolver(dns);
        DkimVerifier verifier = new DkimVerifier(name -> resolver.txt(name).thenApply(DnsResult::recordsOrEmpty),
                Clock.systemUTC(), executor, 1024 * 1024);
        return verifier.verify(Unpooled.wrappedBuffer(message)).toCompletableFuture().get();
    }

    /** The selectors of the signatures jDKIM accepts; it asks the loopback DNS server through our resolver. */
    private List<String> jdkim(LoopbackDnsServer dns, byte[] message) throws Exception {
        DnsResolver resolver = resolver(dns);
        DKIMVerifier verifier = new DKIMVerifier((method, selector, domain) -> {
            try {
                return resolver.txt(selector + "._domainkey." + domain).thenApply(DnsResult::recordsOrEmpty)
                        .toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("TXT lookup failed", e);
            }
        });
        List<SignatureRecord> passed = verifier.verify(new ByteArrayInputStream(message));
        return passed.stream().map(r -> r.getSelector().toString()).toList();
    }

    /** dkimpy's verdict per signature, with keys from the loopback DNS server (dnspython, not resolv.conf). */
    private String dkimpy(LoopbackDnsServer dns, byte[] message) throws Exception {
        assumeTrue(dkimpyPresent(), "python3-dkim (dkimpy) with dnspython and PyNaCl is not installed; CI installs it");
        Path script = tmp.resolve("dkimpy-verify-dns.py");
        try (InputStream in = getClass().getResourceAsStream("dkimpy-verify-dns.py")) {
            Files.write(script, in.readAllBytes());
        }
        Path file = Files.write(tmp.resolve("delivered.eml"), message);
        Process p = new ProcessBuilder(PYTHON, script.toString(), "127.0.0.1", Integer.toString(dns.port()),
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "dkimpy did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    private static boolean dkimpyPresent() throws InterruptedException {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import dkim, nacl, dns.resolver")
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException notThere) {
            return false;
        }
    }
}
