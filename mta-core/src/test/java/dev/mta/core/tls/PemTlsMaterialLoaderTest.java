package dev.mta.core.tls;

import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PemTlsMaterialLoaderTest {

    /** OpenSSL's 'EC PARAMETERS' block for prime256v1, as {@code openssl ecparam -genkey} puts before the key. */
    private static final String EC_PARAMETERS =
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";

    private final PemTlsMaterialLoader loader = new PemTlsMaterialLoader();

    private KeyPair rsa;
    private KeyPair ec;
    private KeyPair otherRsa;
    private KeyPair caKey;
    private X509Certificate rsaCertificate;
    private X509Certificate ecCertificate;
    private X509Certificate ca;
    private X509Certificate leafSignedByCa;

    @TempDir
    Path directory;

    @BeforeAll
    void makeKeys() throws Exception {
        rsa = TestPki.rsa();
        ec = TestPki.ec();
        otherRsa = TestPki.rsa();
        caKey = TestPki.ec();
        rsaCertificate = TestPki.selfSigned("rsa.example", rsa);
        ecCertificate = TestPki.selfSigned("ec.example", ec);
        ca = TestPki.certificate("Test CA", caKey, "Test CA", caKey, true);
        leafSignedByCa = TestPki.certificate("leaf.example", rsa, "Test CA", caKey, false);
    }

    /** description, certificate file text, key file text, expected key header, expected chain length */
    Stream<Arguments> readable() throws Exception {
        String rsaChain = TestPki.traditionalPem(rsaCertificate);
        String ecChain = TestPki.traditionalPem(ecCertificate);
        return Stream.of(
                arguments("RSA, PKCS#8", rsaChain, TestPki.pkcs8Pem(rsa.getPrivate()), "BEGIN PRIVATE KEY", 1),
                arguments("RSA, PKCS#1", rsaChain, TestPki.traditionalPem(rsa.getPrivate()), "BEGIN RSA PRIVATE KEY", 1),
                arguments("EC, PKCS#8", ecChain, TestPki.pkcs8Pem(ec.getPrivate()), "BEGIN PRIVATE KEY", 1),
                arguments("EC, SEC1", ecChain, TestPki.sec1Pem(ec, true), "BEGIN EC PRIVATE KEY", 1),
                arguments("EC, SEC1 without the public key", ecChain, TestPki.sec1Pem(ec, false),
                        "BEGIN EC PRIVATE KEY", 1),
                arguments("EC, SEC1 after EC PARAMETERS", ecChain, EC_PARAMETERS + TestPki.sec1Pem(ec, true),
                        "BEGIN EC PRIVATE KEY", 1),
                arguments("RSA, CRLF line ends", rsaChain.replace("\n", "\r\n"),
                        TestPki.pkcs8Pem(rsa.getPrivate()).replace("\n", "\r\n"), "BEGIN PRIVATE KEY", 1),
                arguments("leaf and intermediate", TestPki.traditionalPem(leafSignedByCa, ca),
                        TestPki.pkcs8Pem(rsa.getPrivate()), "BEGIN PRIVATE KEY", 2),
                arguments("key in the chain file is ignored there",
                        TestPki.traditionalPem(rsaCertificate) + TestPki.pkcs8Pem(rsa.getPrivate()),
                        TestPki.pkcs8Pem(rsa.getPrivate()), "BEGIN PRIVATE KEY", 1),
                arguments("text around the PEM blocks", "Subject: rsa.example\n" + rsaChain + "trailing words\n",
                        "comment\n" + TestPki.pkcs8Pem(rsa.getPrivate()), "BEGIN PRIVATE KEY", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void readsKeyAndChain(String description, String chainText, String keyText, String keyHeader, int chainLength)
            throws Exception {
        assertTrue(keyText.contains(keyHeader), "the fixture writes the layout under test");
        Path chainFile = write("chain.pem", chainText);
        Path keyFile = write("key.pem", keyText);

        TlsMaterial material = loader.load(chainFile, keyFile);

        assertEquals(chainLength, material.chain().size());
        assertEquals(material.leaf().getPublicKey().getAlgorithm(), material.key().getAlgorithm());
    }

    @Test
    void chainKeepsFileOrder() throws Exception {
        Path chainFile = write("chain.pem", TestPki.traditionalPem(leafSignedByCa, ca));
        Path keyFile = write("key.pem", TestPki.pkcs8Pem(rsa.getPrivate()));

        TlsMaterial material = loader.load(chainFile, keyFile);

        assertEquals(List.of(leafSignedByCa, ca), material.chain());
    }

    @Test
    void oneFileCanHoldBothCertificateAndKey() throws Exception {
        Path combined = write("combined.pem", TestPki.traditionalPem(rsaCertificate, rsa.getPrivate()));

        TlsMaterial material = loader.load(combined, combined);

        assertEquals(rsaCertificate, material.leaf());
    }

    /** description, certificate file text, key file text, the file at fault, what the message must say */
    Stream<Arguments> unusable() throws Exception {
        String rsaChain = TestPki.traditionalPem(rsaCertificate);
        String rsaKey = TestPki.pkcs8Pem(rsa.getPrivate());
        char[] password = "secret".toCharArray();
        BouncyCastleProvider provider = new BouncyCastleProvider();
        String encryptedPkcs8 = TestPki.traditionalPem(new JcaPKCS8Generator(rsa.getPrivate(),
                new JceOpenSSLPKCS8EncryptorBuilder(JcaPKCS8Generator.AES_256_CBC)
                        .setProvider(provider).setPassword(password).build()));
        String encryptedTraditional = TestPki.traditionalPem(new JcaMiscPEMGenerator(rsa.getPrivate(),
                new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(provider).build(password)));
        return Stream.of(
                arguments("empty chain file", "", rsaKey, "chain.pem", "no certificate found"),
                arguments("chain file holds only a key", rsaKey, rsaKey, "chain.pem", "no certificate found"),
                arguments("DER instead of PEM", "0\u0082\u0003", rsaKey, "chain.pem", "no certificate found"),
                arguments("bad base64 in the certificate",
                        "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n", rsaKey, "chain.pem",
                        "not valid PEM"),
                arguments("certificate block without an end line", "-----BEGIN CERTIFICATE-----\nMIIB\n", rsaKey,
                        "chain.pem", "not valid PEM"),
                arguments("empty key file", rsaChain, "", "key.pem", "no private key found"),
                arguments("key file holds only a certificate", rsaChain, rsaChain, "key.pem", "no private key found"),
                arguments("key of another certificate", rsaChain, TestPki.pkcs8Pem(otherRsa.getPrivate()), "key.pem",
                        "does not match the first certificate"),
                arguments("EC key for an RSA certificate", rsaChain, TestPki.pkcs8Pem(ec.getPrivate()), "key.pem",
                        "does not match the first certificate"),
                arguments("intermediate before the leaf", TestPki.traditionalPem(ca, leafSignedByCa), rsaKey,
                        "key.pem", "does not match the first certificate"),
                arguments("two keys", rsaChain, rsaKey + TestPki.pkcs8Pem(otherRsa.getPrivate()), "key.pem",
                        "2 private keys"),
                arguments("encrypted PKCS#8", rsaChain, encryptedPkcs8, "key.pem", "encrypted"),
                arguments("encrypted traditional key", rsaChain, encryptedTraditional, "key.pem", "encrypted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusable")
    void namesTheFileAndTheProblem(String description, String chainText, String keyText, String culprit,
                                   String problem) throws Exception {
        Path chainFile = write("chain.pem", chainText);
        Path keyFile = write("key.pem", keyText);

        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> loader.load(chainFile, keyFile));

        assertEquals(directory.resolve(culprit), e.file());
        assertTrue(e.getMessage().startsWith(directory.resolve(culprit) + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void missingFileIsNamed() throws Exception {
        Path keyFile = write("key.pem", TestPki.pkcs8Pem(rsa.getPrivate()));
        Path missing = directory.resolve("missing.pem");

        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> loader.load(missing, keyFile));

        assertEquals(missing + ": cannot read: no such file", e.getMessage());
    }

    @Test
    void unreadableKeyIsNamed() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")), "root reads files whatever their mode");
        Path chainFile = write("chain.pem", TestPki.traditionalPem(rsaCertificate));
        Path keyFile = write("key.pem", TestPki.pkcs8Pem(rsa.getPrivate()));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("---------"));

        TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> loader.load(chainFile, keyFile));

        assertEquals(keyFile + ": cannot read: permission denied", e.getMessage());
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(directory.resolve(name), text, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
