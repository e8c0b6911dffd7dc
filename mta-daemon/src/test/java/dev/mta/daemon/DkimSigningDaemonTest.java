package dev.mta.daemon;

import dev.mta.core.dns.DnsResolver;
import dev.mta.core.dns.DnsResult;
import dev.mta.core.dns.DnsSettings;
import dev.mta.core.sink.QueueId;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.dkim.DkimKeyGenerator;
import dev.mta.dkim.DkimPublicRecord;
import dev.mta.dkim.DkimResult;
import dev.mta.dkim.DkimVerifier;
import dev.mta.queue.QueueStore;
import dev.mta.testkit.dns.LoopbackDnsServer;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mta run} with a DKIM key: mail from a relay network is stored signed, and the signature verifies. */
class DkimSigningDaemonTest {

    @TempDir
    Path tmp;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    @Test
    void mailFromARelayNetworkIsStoredWithASignatureOurVerifierAccepts() throws Exception {
        KeyPair pair = new DkimKeyGenerator(new SecureRandom()).generate(DkimKeyGenerator.Kind.RSA_2048);
        new DkimKeyGenerator(new SecureRandom()).writePrivateKey(tmp.resolve("example.test.s1.pem"), pair);
        MtaConfig config = ConfigLoader.load(TestConfigs.write(tmp, "dkim.properties"));

        String text = storedMessage(config, "From: a@example.test\r\nTo: b@example.org\r\nSubject: signed\r\n"
                + "\r\nHello.\r\n");

        assertTrue(text.startsWith("DKIM-Signature: "), text);
        LoopbackDnsServer dns = LoopbackDnsServer.start();
        toClose.add(dns);
        dns.txt("s1._domainkey.example.test",
                DkimPublicRecord.of(pair.getPublic()).strings().toArray(String[]::new));
        List<DkimResult> results = verify(dns, text);
        assertEquals(1, results.size(), results::toString);
        assertEquals(DkimResult.Status.PASS, results.get(0).status(), results.get(0)::toAuthenticationResults);
        assertEquals("example.test", results.get(0).domain().orElseThrow());
    }

    @Test
    void aKeyThatCannotBeReadLeavesMailUnsignedAndTheServerRunning() throws Exception {
        // No key file written: the configured key is missing.
        MtaConfig config = ConfigLoader.load(TestConfigs.write(tmp, "dkim.properties"));

        String text = storedMessage(config, "From: a@example.test\r\nSubject: unsigned\r\n\r\nHello.\r\n");

        assertFalse(text.contains("DKIM-Signature:"), text);
        assertTrue(text.contains("Subject: unsigned\r\n"), text);
    }

    @Test
    void mailFromAClientOutsideTheRelayNetworksIsStoredUnsignedThoughItsFromDomainHasAKey() throws Exception {
        KeyPair pair = new DkimKeyGenerator(new SecureRandom()).generate(DkimKeyGenerator.Kind.ED25519);
        new DkimKeyGenerator(new SecureRandom()).writePrivateKey(tmp.resolve("example.test.s1.pem"), pair);
        MtaConfig config = ConfigLoader.load(TestConfigs.write(tmp, "dkim-inbound.properties"));

        String text = storedMessage(config, "From: a@example.test\r\nSubject: inbound\r\n\r\nHello.\r\n");

        assertFalse(text.contains("DKIM-Signature:"), text);
        assertTrue(text.contains("Subject: inbound\r\n"), text);
    }

    private List<DkimResult> verify(LoopbackDnsServer dns, String message) throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        toClose.add(executor::shutdownNow);
        DnsResolver resolver = new DnsResolver(DnsSettings.ofServers(List.of(dns.hostAndPort())), executor,
                Clock.systemUTC());
        DkimVerifier verifier = new DkimVerifier(name -> resolver.txt(name).thenApply(DnsResult::recordsOrEmpty),
                Clock.systemUTC(), executor, 1024 * 1024);
        return verifier.verify(Unpooled.wrappedBuffer(message.getBytes(StandardCharsets.UTF_8)))
                .toCompletableFuture().get();
    }

    /** Sends one message from 127.0.0.1 (a default relay network) and returns it as the queue stored it. */
    private String storedMessage(MtaConfig config, String message) throws Exception {
        Daemon daemon = new Daemon(config, Clock.systemUTC());
        toClose.add(daemon::stop);
        InetSocketAddress smtp = daemon.start().get(0);
        String queued;
        try (Socket socket = new Socket()) {
            socket.connect(smtp, 10_000);
            // A guard against a hang, not a measurement.
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            readLine(in);
            socket.getOutputStream().write(("EHLO client.test\r\nMAIL FROM:<a@example.test>\r\n"
                    + "RCPT TO:<b@example.org>\r\nDATA\r\n").getBytes(StandardCharsets.US_ASCII));
            String line;
            do {
                line = readLine(in);
            } while (!line.startsWith("354 "));
            socket.getOutputStream().write((message + ".\r\nQUIT\r\n").getBytes(StandardCharsets.US_ASCII));
            queued = readLine(in);
            assertTrue(queued.startsWith("250 2.0.0 Ok: queued as "), queued);
        }
        daemon.stop();
        String id = queued.substring("250 2.0.0 Ok: queued as ".length()).strip();
        try (QueueStore queue = QueueStore.open(config.queue(), Clock.systemUTC())) {
            queue.recovered().toCompletableFuture().get();
            try (InputStream content = queue.openContent(new QueueId(id)).orElseThrow()) {
                return new String(content.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
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
