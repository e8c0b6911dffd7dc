package dev.mta.dkim;

import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our RSA signatures checked by an independent implementation, Apache jDKIM (RSA only; it predates RFC 8463).
 * Its DNS lookup is replaced by its own {@code PublicKeyRecordRetriever} interface answering with our record.
 */
class JdkimInteropTest {

    /**
     * Every message and canonicalization of the signer's table except one: jDKIM 0.3 hashes an empty body under
     * relaxed body canonicalization as if it were one CRLF, where RFC 6376 3.4.4 keeps it empty (dkimpy agrees
     * with us; see {@link DkimpyInteropTest}). {@link #jdkimDisagreesOnTheRelaxedEmptyBody} pins that down.
     */
    static Stream<Arguments> messages() {
        return DkimSignerTest.messages().filter(a -> !isRelaxedEmptyBody(a));
    }

    private static boolean isRelaxedEmptyBody(Arguments a) {
        return TestSupport.bodyOf((byte[]) a.get()[1]).length == 0 && a.get()[3] == Canonicalization.RELAXED;
    }

    @ParameterizedTest(name = "[{index}] {0} {2}/{3}")
    @MethodSource("messages")
    void jdkimVerifiesOurRsaSignatures(String name, byte[] message, Canonicalization header, Canonicalization body)
            throws Exception {
        byte[] signed = sign(message, header, body);
        List<SignatureRecord> passed = jdkim().verify(new ByteArrayInputStream(signed));
        assertEquals(1, passed.size(), name);
        assertEquals("example.com", passed.get(0).getDToken().toString());
    }

    @ParameterizedTest(name = "[{index}] {0} {2}/{3}")
    @MethodSource("messages")
    void jdkimRejectsThemOnceTheBodyChanges(String name, byte[] message, Canonicalization header,
                                            Canonicalization body) throws Exception {
        byte[] tampered = TestSupport.concat(sign(message, header, body), "\r\ntampered\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThrows(Exception.class, () -> jdkim().verify(new ByteArrayInputStream(tampered)));
    }

    @Test
    void jdkimDisagreesOnTheRelaxedEmptyBody() throws Exception {
        byte[] signed = sign(TestSupport.crlf("From: a@example.com\n\n"), Canonicalization.RELAXED,
                Canonicalization.RELAXED);
        PermFailException e = assertThrows(PermFailException.class,
                () -> jdkim().verify(new ByteArrayInputStream(signed)));
        assertTrue(e.getMessage().contains("bodyhash"), e.getMessage());
        // The RFC's hash of an empty relaxed body is the SHA-256 of nothing.
        assertTrue(new String(signed, StandardCharsets.US_ASCII)
                .contains("bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;"));
    }

    private static DKIMVerifier jdkim() {
        String record = DkimPublicRecord.of(TestSupport.Keys.RSA.getPublic()).text();
        return new DKIMVerifier((method, selector, domain) -> {
            assertEquals("rsa._domainkey.example.com", selector + "._domainkey." + domain);
            return List.of(record);
        });
    }

    private static byte[] sign(byte[] message, Canonicalization header, Canonicalization body) throws Exception {
        DkimSigner signer = new DkimSigner(TestSupport.CLOCK, header, body, Optional.empty(),
                DkimSigner.DEFAULT_HEADERS);
        BodyCanonicalizer hasher = signer.newBodyHasher();
        byte[] b = TestSupport.bodyOf(message);
        hasher.update(b, 0, b.length);
        byte[] fields = signer.sign(TestSupport.headersOf(message), hasher.finish(),
                List.of(DkimSignerTest.rsaKey()));
        return TestSupport.concat(fields, message);
    }
}
