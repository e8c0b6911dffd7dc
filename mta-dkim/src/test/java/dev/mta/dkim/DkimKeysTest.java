package dev.mta.dkim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPublicKey;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DkimKeysTest {

    @TempDir
    Path dir;

    private final DkimKeyGenerator generator = new DkimKeyGenerator(new SecureRandom());

    @ParameterizedTest
    @EnumSource(DkimKeyGenerator.Kind.class)
    void generatedKeysRoundTripThroughPemAndTheirRecordParses(DkimKeyGenerator.Kind kind) throws Exception {
        KeyPair pair = kind == DkimKeyGenerator.Kind.RSA_2048 ? TestSupport.Keys.RSA
                : kind == DkimKeyGenerator.Kind.ED25519 ? TestSupport.Keys.ED25519 : generator.generate(kind);
        if (kind.bits() > 0) {
            assertEquals(kind.bits(), ((RSAPublicKey) pair.getPublic()).getModulus().bitLength());
        }
        Path file = dir.resolve("key.pem");
        generator.writePrivateKey(file, pair);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(Files.readString(file).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        PrivateKey read = PemKeys.read(file);
        assertArrayEquals(pair.getPrivate().getEncoded(), read.getEncoded());
        assertArrayEquals(pair.getPublic().getEncoded(), PemKeys.publicKeyOf(read).getEncoded());
        new SigningKey("example.com", "s1", read); // accepted for signing

        DkimPublicRecord record = DkimPublicRecord.of(pair.getPublic());
        assertArrayEquals(pair.getPublic().getEncoded(),
                DkimKeyRecord.parse(record.text()).publicKey().orElseThrow().getEncoded());
        List<String> strings = record.strings();
        assertEquals(record.text(), String.join("", strings));
        strings.forEach(s -> assertTrue(s.length() <= DkimPublicRecord.MAX_STRING));
        try (var listing = Files.list(dir)) {
            assertEquals(List.of(file), listing.toList(), "no temporary file left behind");
        }
    }

    @Test
    void aLongRecordIsSplitInto255OctetStringsForTheZoneFile() {
        DkimPublicRecord record = new DkimPublicRecord("v=DKIM1; k=rsa; p=" + "A".repeat(600));
        assertEquals(List.of(255, 255, 108), record.strings().stream().map(String::length).toList());
        String line = record.zoneFileLine("s1", "example.com");
        assertTrue(line.startsWith("s1._domainkey.example.com. IN TXT ( \"v=DKIM1; k=rsa; p=AAA"), line);
        assertTrue(line.endsWith("\" )"), line);
        assertEquals(3, line.split("\" \"", -1).length);
    }

    @Test
    void anExistingKeyFileIsNeverReplaced() throws Exception {
        Path file = dir.resolve("key.pem");
        Files.writeString(file, "published key");
        assertThrows(FileAlreadyExistsException.class, () -> generator.writePrivateKey(file, TestSupport.Keys.ED25519));
        assertEquals("published key", Files.readString(file));
    }

    /** Keys made by OpenSSL 3 ({@code genpkey}, {@code rsa -traditional}), the usual way admins make them. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "openssl-ed25519.pem,      openssl-ed25519.pub.b64, ed25519",
        "openssl-rsa-pkcs8.pem,    openssl-rsa.pub.b64,     rsa",
        "openssl-rsa-pkcs1.pem,    openssl-rsa.pub.b64,     rsa",
    })
    void readsKeysWrittenByOpenssl(String pem, String publicKey, String type) throws Exception {
        PrivateKey key = PemKeys.parse(TestSupport.resource(pem));
        new SigningKey("example.com", "s1", key);
        assertEquals("v=DKIM1; k=" + type + "; p=" + TestSupport.resource(publicKey).strip(),
                DkimPublicRecord.of(PemKeys.publicKeyOf(key)).text());
    }

    @Test
    void refusesEd448ForSigning() throws Exception {
        var ed448 = java.security.KeyPairGenerator.getInstance("Ed448").generateKeyPair();
        assertThrows(IllegalArgumentException.class, () -> new SigningKey("example.com", "s1", ed448.getPrivate()));
    }

    @Test
    void readsPkcs1RsaAndRefusesWhatIsNotAKey() throws Exception {
        PrivateKey rsa = PemKeys.parse(TestSupport.resource("rfc8463-rsa.pem"));
        assertEquals("RSA", rsa.getAlgorithm());
        assertThrows(DkimParseException.class, () -> PemKeys.parse("not a key"));
        assertThrows(DkimParseException.class, () -> PemKeys.parse(PemKeys.toPem(TestSupport.Keys.RSA.getPublic())));
        assertThrows(DkimParseException.class, () -> PemKeys.ed25519FromSeed(new byte[31]));
    }
}
