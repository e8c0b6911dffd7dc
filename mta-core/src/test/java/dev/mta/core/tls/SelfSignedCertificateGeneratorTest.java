package dev.mta.core.tls;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelfSignedCertificateGeneratorTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final SelfSignedCertificateGenerator generator =
            new SelfSignedCertificateGenerator(Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void namesTheHostAndIsValidFromTheClock(KeyType keyType) throws Exception {
        TlsMaterial material = generator.generate("mail.example.com", keyType);
        X509Certificate certificate = material.leaf();

        assertEquals(List.of(List.of(2, "mail.example.com")), List.copyOf(certificate.getSubjectAlternativeNames()));
        assertEquals("CN=mail.example.com", certificate.getSubjectX500Principal().getName());
        assertEquals(NOW.minus(SelfSignedCertificateGenerator.BACKDATING), certificate.getNotBefore().toInstant());
        assertEquals(NOW.plus(SelfSignedCertificateGenerator.VALIDITY), certificate.getNotAfter().toInstant());
        assertEquals(keyType.keyAlgorithm(), material.key().getAlgorithm());
        assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
        assertTrue(certificate.getExtendedKeyUsage().contains("1.3.6.1.5.5.7.3.1"), "server authentication");
        assertTrue(certificate.getSerialNumber().signum() > 0);
        certificate.verify(certificate.getPublicKey());
        certificate.checkValidity(java.util.Date.from(NOW));
    }

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void loadsBackFromTheFilesItIsWrittenTo(KeyType keyType, @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        TlsMaterial material = generator.generate("localhost", keyType);
        new PemTlsMaterialWriter().write(material, dir.resolve("cert.pem"), dir.resolve("key.pem"));

        TlsMaterial loaded = new PemTlsMaterialLoader().load(dir.resolve("cert.pem"), dir.resolve("key.pem"));

        assertEquals(material.chain(), loaded.chain());
        assertEquals(material.key(), loaded.key());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "mail example.com", "-mail.example.com", "mail-.example.com", "mail..example.com",
            "mail.example.com.", "bücher.example", "mail.example.com\r\n", "*.example.com", "[192.0.2.1]"})
    void refusesWhatIsNotAHostName(String hostName) {
        assertThrows(IllegalArgumentException.class, () -> generator.generate(hostName, KeyType.EC_P256));
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "mx1", "MAIL.Example.COM", "xn--bcher-kva.example", "a-b.c-d.example"})
    void acceptsHostNames(String hostName) throws Exception {
        assertEquals(List.of(List.of(2, hostName)),
                List.copyOf(generator.generate(hostName, KeyType.EC_P256).leaf().getSubjectAlternativeNames()));
    }

    @org.junit.jupiter.api.Test
    void twoCertificatesNeverShareSerialOrKey() throws Exception {
        TlsMaterial first = generator.generate("localhost", KeyType.EC_P256);
        TlsMaterial second = generator.generate("localhost", KeyType.EC_P256);

        assertNotEquals(first.leaf().getSerialNumber(), second.leaf().getSerialNumber());
        assertNotEquals(first.key(), second.key());
    }
}
