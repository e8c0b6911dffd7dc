package dev.mta.dkim;

import dev.mta.core.config.DomainNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SigningKeyLoaderTest {

    private static final Instant OLD = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant NEW = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path dir;

    private final DkimKeyGenerator generator = new DkimKeyGenerator(new java.security.SecureRandom());

    @Test
    void oneRsaAndOneEd25519KeyBothSign() throws Exception {
        DkimSettings settings = new DkimSettings(List.of(
                key("example.test", "rsa1", TestSupport.Keys.RSA, OLD),
                key("example.test", "ed1", TestSupport.Keys.ED25519, NEW)));

        SigningKeyLoader.Result result = new SigningKeyLoader(false).load(settings);

        assertEquals(List.of("ed1", "rsa1"), result.keyring().keysFor("example.test").stream()
                .map(SigningKey::selector).sorted().toList());
        assertTrue(result.skipped().isEmpty(), result.skipped()::toString);
    }

    @Test
    void ofTwoRsaSelectorsTheNewestFileSignsAndTheOtherStaysInactive() throws Exception {
        KeyPair newer = generator.generate(DkimKeyGenerator.Kind.RSA_2048);
        DkimSettings settings = new DkimSettings(List.of(
                key("example.test", "b2025", newer, NEW),
                key("example.test", "a2026", TestSupport.Keys.RSA, OLD)));

        SigningKeyLoader.Result result = new SigningKeyLoader(false).load(settings);

        List<SigningKey> signing = result.keyring().keysFor("example.test");
        assertEquals(1, signing.size(), signing::toString);
        assertEquals("b2025", signing.get(0).selector(), "the newest file, whatever the selector's name");
        assertEquals(List.of("a2026"), result.inactive().stream().map(SigningKey::selector).toList());
    }

    @Test
    void unusableKeysAreSkippedWithTheirReasonAndTheOthersStillSign() throws Exception {
        KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
        rsa1024.initialize(1024);
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "not a key\n");
        DkimSettings settings = new DkimSettings(List.of(
                new DkimKeySettings(DomainNames.parse("missing.test"), "s1", dir.resolve("nowhere.pem")),
                new DkimKeySettings(DomainNames.parse("garbage.test"), "s1", garbage),
                key("weak.test", "s1", rsa1024.generateKeyPair(), OLD),
                key("example.test", "s1", TestSupport.Keys.RSA, OLD)));

        SigningKeyLoader.Result result = new SigningKeyLoader(false).load(settings);

        assertEquals(3, result.skipped().size(), result.skipped()::toString);
        assertTrue(result.skipped().get(0).reason().contains("no such file"), result.skipped()::toString);
        assertTrue(result.skipped().get(1).reason().contains("private key"), result.skipped()::toString);
        assertTrue(result.skipped().get(2).reason().contains("1024 bits"), result.skipped()::toString);
        assertEquals(1, result.keyring().keysFor("example.test").size());
        assertTrue(result.keyring().keysFor("weak.test").isEmpty());
    }

    @Test
    void aKeyFileOthersMayReadStillSignsWithAWarning() throws Exception {
        DkimKeySettings configured = key("example.test", "s1", TestSupport.Keys.ED25519, OLD);
        Files.setPosixFilePermissions(configured.privateKeyFile(), PosixFilePermissions.fromString("rw-r--r--"));
        DkimKeySettings tight = key("example.test", "s2", TestSupport.Keys.RSA, OLD);

        SigningKeyLoader.Result result = new SigningKeyLoader(false).load(new DkimSettings(List.of(configured, tight)));

        assertEquals(2, result.keyring().keysFor("example.test").size());
        assertEquals(1, result.warnings().size(), result.warnings()::toString);
        assertTrue(result.warnings().get(0).contains("chmod 600 " + configured.privateKeyFile()),
                result.warnings()::toString);
    }

    private DkimKeySettings key(String domain, String selector, KeyPair pair, Instant modified) throws Exception {
        Path file = dir.resolve(domain + "." + selector + ".pem");
        generator.writePrivateKey(file, pair);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return new DkimKeySettings(DomainNames.parse(domain), selector, file);
    }
}
