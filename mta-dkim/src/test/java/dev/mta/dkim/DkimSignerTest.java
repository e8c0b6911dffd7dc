package dev.mta.dkim;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.params.provider.Arguments;

import static dev.mta.dkim.TestSupport.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DkimSignerTest {

    static final String PLAIN = """
            From: Alice <alice@example.com>
            To: bob@example.org
            Subject: Hello
            Date: Tue, 14 Nov 2023 22:13:20 +0000
            Message-ID: <1@example.com>
            X-Not-Signed: yes

            Hi Bob,

            see you.
            """;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    static Stream<Arguments> messages() {
        Map<String, byte[]> messages = new java.util.LinkedHashMap<>();
        messages.put("plain", crlf(PLAIN));
        messages.put("empty body", crlf("From: a@example.com\nSubject: x\n\n"));
        messages.put("no body at all", crlf("From: a@example.com\nSubject: x\n"));
        messages.put("no final CRLF", "From: a@example.com\r\n\r\nlast line".getBytes(StandardCharsets.UTF_8));
        messages.put("8-bit headers", crlf("From: Jörg <jörg@example.com>\nSubject: Grüße  aus\n Köln\n\nä\n"));
        messages.put("folded headers", crlf("From: a@example.com\nTo: x@example.org,\n\ty@example.org\n"
                + "Subject: a\n  long\n   subject   \n\nbody  \t\n\n\n"));
        messages.put("duplicated Subject", crlf("Subject: one\nFrom: a@example.com\nSubject: two\n\nbody\n"));
        messages.put("trailing whitespace lines", crlf("From: a@example.com\n\nx \n \t\n\n"));
        List<Arguments> out = new ArrayList<>();
        for (Map.Entry<String, byte[]> m : messages.entrySet()) {
            for (Canonicalization h : Canonicalization.values()) {
                for (Canonicalization b : Canonicalization.values()) {
                    out.add(Arguments.of(m.getKey(), m.getValue(), h, b));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "[{index}] {0} {2}/{3}")
    @MethodSource("messages")
    void signaturesVerifyForEveryCanonicalization(String name, byte[] message, Canonicalization header,
                                                  Canonicalization body) throws Exception {
        DkimSigner signer = new DkimSigner(TestSupport.CLOCK, header, body, Optional.empty(),
                DkimSigner.DEFAULT_HEADERS);
        byte[] signed = sign(signer, message, rsaKey(), edKey());
        List<DkimResult> results = verify(signed);
        assertEquals(2, results.size());
        for (DkimResult r : results) {
            assertEquals(DkimResult.Status.PASS, r.status(), r.toAuthenticationResults());
        }
    }

    @Test
    void listsPresentHeadersAndOversignsFrom() {
        List<HeaderField> headers = TestSupport.headersOf(crlf(PLAIN + "").clone());
        assertEquals(List.of("from", "from", "to", "subject", "date", "message-id"),
                DkimSigner.relaxed(TestSupport.CLOCK).signedHeaderNames(headers));
        List<HeaderField> twoSubjects = TestSupport.headersOf(crlf("Subject: a\nFrom: x@example.com\nSubject: b\n\n"));
        assertEquals(List.of("from", "from", "subject", "subject"),
                DkimSigner.relaxed(TestSupport.CLOCK).signedHeaderNames(twoSubjects));
    }

    @Test
    void writesTimestampExpiryNeverLengthAndFoldsAt78Columns() throws Exception {
        DkimSigner signer = new DkimSigner(TestSupport.CLOCK, Canonicalization.RELAXED, Canonicalization.RELAXED,
                Optional.of(Duration.ofDays(7)), DkimSigner.DEFAULT_HEADERS);
        String fields = new String(sign(signer, crlf(PLAIN), rsaKey(), edKey()), StandardCharsets.US_ASCII);
        fields = fields.substring(0, fields.indexOf("From: Alice"));
        assertTrue(fields.contains("t=1700000000;"), fields);
        assertTrue(fields.contains("x=" + (1_700_000_000L + 7 * 86400) + ";"), fields);
        assertFalse(fields.contains(" l="), fields);
        for (String line : fields.split("\r\n")) {
            assertTrue(line.length() <= DkimSigner.LINE_WIDTH, "too long: " + line);
        }
        assertEquals(2, fields.split("DKIM-Signature:", -1).length - 1);
        assertTrue(fields.startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com;"), fields);
    }

    @Test
    void refusesRsaKeysUnder2048Bits() throws DkimParseException {
        var small = PemKeys.parse(TestSupport.resource("rfc8463-rsa.pem"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SigningKey("example.com", "s", small));
        assertTrue(e.getMessage().contains("1024 bits"), e.getMessage());
    }

    @Test
    void refusesMessagesWithoutExactlyOneFrom() {
        DkimSigner signer = DkimSigner.relaxed(TestSupport.CLOCK);
        byte[] hash = new byte[32];
        assertThrows(DkimSigningException.class, () -> signer.sign(
                TestSupport.headersOf(crlf("Subject: x\n\n")), hash, List.of(rsaKey())));
        assertThrows(DkimSigningException.class, () -> signer.sign(
                TestSupport.headersOf(crlf("From: a@example.com\nFrom: b@example.com\n\n")), hash, List.of(rsaKey())));
    }

    /** RFC 6376 5.4.2: a field added above the signed one is not selected; one added below it is. */
    @Test
    void duplicatedHeadersAreSelectedBottomUp() throws Exception {
        byte[] message = crlf("From: a@example.com\nSubject: original\n\nbody\n");
        byte[] signed = sign(DkimSigner.relaxed(TestSupport.CLOCK), message, edKey());
        String text = new String(signed, StandardCharsets.UTF_8);
        int fromAt = text.indexOf("From: a@");

        String addedAbove = text.substring(0, fromAt) + "Subject: added above\r\n" + text.substring(fromAt);
        assertEquals(DkimResult.Status.PASS, verify(addedAbove.getBytes(StandardCharsets.UTF_8)).get(0).status());

        String addedBelow = text.replace("Subject: original\r\n", "Subject: original\r\nSubject: added below\r\n");
        assertEquals(DkimResult.Status.FAIL, verify(addedBelow.getBytes(StandardCharsets.UTF_8)).get(0).status());

        // From is oversigned: a second From anywhere breaks the signature.
        String secondFrom = text.substring(0, fromAt) + "From: mallory@evil.example\r\n" + text.substring(fromAt);
        assertEquals(DkimResult.Status.FAIL, verify(secondFrom.getBytes(StandardCharsets.UTF_8)).get(0).status());
    }

    private byte[] sign(DkimSigner signer, byte[] message, SigningKey... keys) throws DkimSigningException {
        BodyCanonicalizer body = signer.newBodyHasher();
        byte[] b = TestSupport.bodyOf(message);
        body.update(b, 0, b.length);
        return TestSupport.concat(signer.sign(TestSupport.headersOf(message), body.finish(), List.of(keys)), message);
    }

    private List<DkimResult> verify(byte[] message) {
        Map<String, List<String>> dns = new HashMap<>();
        dns.put("rsa._domainkey.example.com", List.of(record(TestSupport.Keys.RSA)));
        dns.put("ed._domainkey.example.com", List.of(record(TestSupport.Keys.ED25519)));
        DkimVerifier verifier = new DkimVerifier(new TestSupport.MapTxtLookup(dns, Set.of()), TestSupport.CLOCK,
                executor, 1 << 20);
        return verifier.verify(Unpooled.wrappedBuffer(message)).toCompletableFuture().join();
    }

    static String record(KeyPair pair) {
        return DkimPublicRecord.of(pair.getPublic()).text();
    }

    static SigningKey rsaKey() {
        return new SigningKey("example.com", "rsa", TestSupport.Keys.RSA.getPrivate());
    }

    static SigningKey edKey() {
        return new SigningKey("example.com", "ed", TestSupport.Keys.ED25519.getPrivate());
    }
}
