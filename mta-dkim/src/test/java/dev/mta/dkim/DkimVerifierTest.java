package dev.mta.dkim;

import dev.mta.dkim.DkimResult.Status;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.mta.dkim.TestSupport.crlf;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DkimVerifierTest {

    private static final String NAME = "ed._domainkey.example.com";
    private static final String RECORD = DkimSignerTest.record(TestSupport.Keys.ED25519);

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void unsignedMailIsNone() {
        assertEquals(List.of("dkim=none"), results(crlf(DkimSignerTest.PLAIN), TestSupport.MapTxtLookup.of(NAME, RECORD)));
    }

    @Test
    void passThenFailWhenBodyOrSignedHeaderChanges() throws Exception {
        String signed = signed(Optional.empty());
        assertEquals(List.of("dkim=pass header.d=example.com header.s=ed header.a=ed25519-sha256"),
                results(signed, RECORD));
        assertEquals(List.of("dkim=fail reason=\"body hash did not verify\" header.d=example.com header.s=ed"
                + " header.a=ed25519-sha256"), results(signed.replace("see you.", "see you!"), RECORD));
        assertEquals(List.of("dkim=fail reason=\"signature did not verify\" header.d=example.com header.s=ed"
                + " header.a=ed25519-sha256"), results(signed.replace("Subject: Hello", "Subject: Hullo"), RECORD));
        // An unsigned header may change freely.
        assertEquals(Status.PASS, status(signed.replace("X-Not-Signed: yes", "X-Not-Signed: no"), RECORD));
    }

    @Test
    void expiryIsCheckedAgainstTheClock() throws Exception {
        String signed = signed(Optional.of(Duration.ofHours(1)));
        assertEquals(Status.PASS, status(signed, RECORD));
        Clock later = Clock.fixed(TestSupport.NOW.plus(Duration.ofHours(2)), ZoneOffset.UTC);
        DkimVerifier verifier = new DkimVerifier(TestSupport.MapTxtLookup.of(NAME, RECORD), later, executor, 1 << 20);
        DkimResult r = verifier.verify(Unpooled.wrappedBuffer(signed.getBytes(StandardCharsets.UTF_8)))
                .toCompletableFuture().join().get(0);
        assertEquals(Status.PERMERROR, r.status());
        assertEquals(Optional.of("signature expired"), r.reason());
    }

    @Test
    void keyProblemsAreReported() throws Exception {
        String signed = signed(Optional.empty());
        assertEquals("dkim=permerror reason=\"no key for signature\" header.d=example.com header.s=ed"
                + " header.a=ed25519-sha256", results(signed.getBytes(StandardCharsets.UTF_8),
                new TestSupport.MapTxtLookup(Map.of(), Set.of())).get(0));
        assertEquals(Status.TEMPERROR, status(signed.getBytes(StandardCharsets.UTF_8),
                new TestSupport.MapTxtLookup(Map.of(), Set.of(NAME))));
        assertEquals(Status.PERMERROR, status(signed, "v=DKIM1; k=ed25519; p="));
        assertEquals(Status.PERMERROR, status(signed, DkimSignerTest.record(TestSupport.Keys.RSA)));
        assertEquals(Status.PERMERROR, status(signed, "v=DKIM1; k=ed25519; p=not base64!"));
        // Of several records, the first usable one is taken.
        assertEquals(Status.PASS, status(signed.getBytes(StandardCharsets.UTF_8), new TestSupport.MapTxtLookup(
                Map.of(NAME, List.of("garbage", RECORD)), Set.of())));
    }

    @Test
    void rsaKeysUnder1024BitsAreRefusedAnd1024Accepted() throws Exception {
        for (int bits : new int[] {512, 1024}) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            var pair = generator.generateKeyPair();
            byte[] message = crlf(DkimSignerTest.PLAIN);
            List<HeaderField> headers = TestSupport.headersOf(message);
            byte[] bh = TestSupport.bodyHash(Canonicalization.RELAXED, TestSupport.bodyOf(message));
            // SigningKey refuses such keys, so this signature is made by hand, as a weak signer would.
            String unsigned = "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=weak;"
                    + " h=from:subject; bh=" + Base64.getEncoder().encodeToString(bh) + "; b=";
            byte[] data = HeaderHashInput.build(headers, List.of("from", "subject"), Canonicalization.RELAXED,
                    HeaderField.of(unsigned + "\r\n"));
            String b = Base64.getEncoder().encodeToString(
                    DkimCrypto.sign(SigningAlgorithm.RSA_SHA256, pair.getPrivate(), data));
            String signed = unsigned + b + "\r\n" + new String(message, StandardCharsets.UTF_8);
            DkimResult r = verifier(TestSupport.MapTxtLookup.of("weak._domainkey.example.com",
                    DkimPublicRecord.of(pair.getPublic()).text()))
                    .verify(Unpooled.wrappedBuffer(signed.getBytes(StandardCharsets.UTF_8)))
                    .toCompletableFuture().join().get(0);
            assertEquals(bits < 1024 ? Status.PERMERROR : Status.PASS, r.status(), bits + " bits: " + r);
        }
    }

    @Test
    void syntaxErrorsAreNeutralAndForbiddenAlgorithmsPermerror() throws Exception {
        String signed = signed(Optional.empty());
        assertEquals(Status.NEUTRAL, status(signed.replace("bh=", "bh=AAAA"), RECORD));
        assertEquals(Status.PERMERROR, status(signed.replace("a=ed25519-sha256", "a=rsa-sha1"), RECORD));
        assertEquals(Status.NEUTRAL, status(signed.replace("d=example.com;", "d=example.com; d=example.com;"), RECORD));
    }

    @Test
    void eachSignatureGetsItsOwnResult() throws Exception {
        String signed = signed(Optional.empty());
        String twice = signed.substring(0, signed.indexOf("From: Alice")).replace("s=ed;", "s=other;") + signed;
        assertEquals(List.of(Status.PERMERROR, Status.PASS),
                verifier(TestSupport.MapTxtLookup.of(NAME, RECORD))
                        .verify(Unpooled.wrappedBuffer(twice.getBytes(StandardCharsets.UTF_8)))
                        .toCompletableFuture().join().stream().map(DkimResult::status).toList());
    }

    @Test
    void streamedVerificationMatchesWholeMessage() throws Exception {
        byte[] signed = signed(Optional.empty()).getBytes(StandardCharsets.UTF_8);
        DkimVerifier.Verification v = verifier(TestSupport.MapTxtLookup.of(NAME, RECORD)).newVerification();
        for (int i = 0; i < signed.length; i += 7) {
            v.update(Unpooled.wrappedBuffer(signed, i, Math.min(7, signed.length - i)));
        }
        assertEquals(Status.PASS, v.finish().toCompletableFuture().join().get(0).status());
    }

    @Test
    void authenticationResultsQuoteWhatCouldBreakTheHeader() {
        DkimResult r = new DkimResult(Status.FAIL, Optional.of("bad \"quote\"\r\nInjected: x"),
                Optional.of("example.com"), Optional.of("s;1"), Optional.empty());
        assertEquals("dkim=fail reason=\"bad \\\"quote\\\"  Injected: x\" header.d=example.com header.s=\"s;1\"",
                r.toAuthenticationResults());
    }

    private String signed(Optional<Duration> validity) throws DkimSigningException {
        DkimSigner signer = new DkimSigner(TestSupport.CLOCK, Canonicalization.RELAXED, Canonicalization.RELAXED,
                validity, DkimSigner.DEFAULT_HEADERS);
        byte[] message = crlf(DkimSignerTest.PLAIN);
        byte[] fields = signer.sign(TestSupport.headersOf(message),
                TestSupport.bodyHash(Canonicalization.RELAXED, TestSupport.bodyOf(message)),
                List.of(DkimSignerTest.edKey()));
        return new String(TestSupport.concat(fields, message), StandardCharsets.UTF_8);
    }

    private DkimVerifier verifier(TxtLookup dns) {
        return new DkimVerifier(dns, TestSupport.CLOCK, executor, 1 << 20);
    }

    private Status status(String message, String record) {
        return status(message.getBytes(StandardCharsets.UTF_8), TestSupport.MapTxtLookup.of(NAME, record));
    }

    private Status status(byte[] message, TxtLookup dns) {
        return verifier(dns).verify(Unpooled.wrappedBuffer(message)).toCompletableFuture().join().get(0).status();
    }

    private List<String> results(String message, String record) {
        return results(message.getBytes(StandardCharsets.UTF_8), TestSupport.MapTxtLookup.of(NAME, record));
    }

    private List<String> results(byte[] message, TxtLookup dns) {
        return verifier(dns).verify(Unpooled.wrappedBuffer(message)).toCompletableFuture().join().stream()
                .map(DkimResult::toAuthenticationResults).toList();
    }
}
