package dev.mta.dkim;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.mta.dkim.TestSupport.crlf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * RFC 8463 Appendix A: the published keys (A.1), key records (A.2) and the message signed with both
 * algorithms (A.3), kept under {@code src/test/resources/dkim/} as printed (LF line ends, turned into CRLF here).
 * Ed25519 and RSASSA-PKCS1-v1_5 are both deterministic, so the signature bytes must be reproduced exactly.
 */
class Rfc8463KnownAnswerTest {

    private static final Clock SIGNED_AT = Clock.fixed(Instant.ofEpochSecond(1528637909L), ZoneOffset.UTC);

    private static byte[] message;
    private static List<HeaderField> headers;
    private static PrivateKey ed25519;
    private static PrivateKey rsa;
    private static Map<String, String> records;

    @BeforeAll
    static void load() throws DkimParseException {
        message = crlf(TestSupport.resource("rfc8463-signed.eml"));
        headers = TestSupport.headersOf(message);
        ed25519 = PemKeys.ed25519FromSeed(Base64.getDecoder().decode(TestSupport.resource("rfc8463-ed25519.seed").strip()));
        rsa = PemKeys.parse(TestSupport.resource("rfc8463-rsa.pem"));
        records = new HashMap<>();
        for (String line : TestSupport.resource("rfc8463-records.txt").split("\n")) {
            String[] parts = line.split(" ", 2);
            records.put(parts[0], parts[1]);
        }
    }

    @Test
    void ourVerifierPassesBothPublishedSignatures() {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Map<String, List<String>> dns = new HashMap<>();
            records.forEach((name, text) -> dns.put(name, List.of(text)));
            DkimVerifier verifier = new DkimVerifier(new TestSupport.MapTxtLookup(dns, Set.of()), SIGNED_AT, executor,
                    1 << 20);
            List<DkimResult> results = verifier.verify(Unpooled.wrappedBuffer(message)).toCompletableFuture().join();
            assertEquals(List.of(
                    "dkim=pass header.d=football.example.com header.s=brisbane header.a=ed25519-sha256",
                    "dkim=pass header.d=football.example.com header.s=test header.a=rsa-sha256"),
                    results.stream().map(DkimResult::toAuthenticationResults).toList());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void reproducesTheEd25519SignatureBytes() throws Exception {
        assertSignatureReproduced(0, SigningAlgorithm.ED25519_SHA256, ed25519);
    }

    @Test
    void reproducesTheRsaSignatureBytes() throws Exception {
        assertSignatureReproduced(1, SigningAlgorithm.RSA_SHA256, rsa);
    }

    @Test
    void bodyHashMatchesThePublishedOne() {
        byte[] expected = Base64.getDecoder().decode("2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=");
        assertArrayEquals(expected, TestSupport.bodyHash(Canonicalization.RELAXED, TestSupport.bodyOf(message)));
    }

    @Test
    void publicRecordsDerivedFromThePrivateKeysAreThePublishedOnes() throws DkimParseException {
        assertEquals(records.get("brisbane._domainkey.football.example.com"),
                DkimPublicRecord.of(PemKeys.publicKeyOf(ed25519)).text());
        assertEquals(records.get("test._domainkey.football.example.com"),
                DkimPublicRecord.of(PemKeys.publicKeyOf(rsa)).text());
    }

    @Test
    void ourSignerOnTheUnsignedMessageGivesThePublishedBodyHashAndVerifies() throws Exception {
        String text = new String(message, StandardCharsets.UTF_8);
        byte[] unsigned = text.substring(text.indexOf("From: ")).getBytes(StandardCharsets.UTF_8);
        DkimSigner signer = DkimSigner.relaxed(SIGNED_AT);
        byte[] fields = signer.sign(TestSupport.headersOf(unsigned),
                TestSupport.bodyHash(Canonicalization.RELAXED, TestSupport.bodyOf(unsigned)),
                List.of(new SigningKey("football.example.com", "brisbane", ed25519)));
        String field = new String(fields, StandardCharsets.US_ASCII);
        assertEquals(true, field.contains("bh=2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=;"), field);
        assertEquals(true, field.contains("t=1528637909;"), field);

        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            DkimVerifier verifier = new DkimVerifier(TestSupport.MapTxtLookup.of(
                    "brisbane._domainkey.football.example.com",
                    records.get("brisbane._domainkey.football.example.com")), SIGNED_AT, executor, 1 << 20);
            List<DkimResult> results = verifier.verify(Unpooled.wrappedBuffer(TestSupport.concat(fields, unsigned)))
                    .toCompletableFuture().join();
            assertEquals(DkimResult.Status.PASS, results.get(0).status());
        } finally {
            executor.shutdownNow();
        }
    }

    private static void assertSignatureReproduced(int index, SigningAlgorithm algorithm, PrivateKey key)
            throws Exception {
        List<HeaderField> signatures = new ArrayList<>();
        for (HeaderField f : headers) {
            if (f.hasName("DKIM-Signature")) {
                signatures.add(f);
            }
        }
        HeaderField field = signatures.get(index);
        DkimSignature published = DkimSignature.parse(field.unfoldedValue());
        assertEquals(algorithm, published.algorithm());
        byte[] data = HeaderHashInput.build(headers, published.signedHeaders(), published.headerCanon(),
                HeaderHashInput.withEmptyB(field));
        assertArrayEquals(published.signature(), DkimCrypto.sign(algorithm, key, data));
    }
}
