package dev.mta.core.tls;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PemTlsMaterialWriterTest {

    private final PemTlsMaterialWriter writer = new PemTlsMaterialWriter();
    private final PemTlsMaterialLoader loader = new PemTlsMaterialLoader();
    private final SelfSignedCertificateGenerator generator = new SelfSignedCertificateGenerator(Clock.systemUTC());

    @TempDir
    Path directory;

    private TlsMaterial material;

    @BeforeEach
    void generate() throws Exception {
        material = generator.generate("localhost", KeyType.EC_P256);
    }

    @Test
    void keyIsOwnerOnlyAndCertificateIsPublic() throws Exception {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");

        writer.write(material, cert, key);

        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(cert)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(cert).startsWith("-----BEGIN CERTIFICATE-----\n"));
    }

    @Test
    void createsMissingDirectoriesForTheOwnerOnly() throws Exception {
        Path tls = directory.resolve("state/tls");

        writer.write(material, tls.resolve("cert.pem"), tls.resolve("key.pem"));

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tls.getParent())));
        assertEquals(material.chain(), loader.load(tls.resolve("cert.pem"), tls.resolve("key.pem")).chain());
    }

    @Test
    void replacesExistingFilesAndLeavesNoTemporaryFiles() throws Exception {
        Path cert = directory.resolve("cert.pem");
        Path key = directory.resolve("key.pem");
        writer.write(material, cert, key);
        TlsMaterial next = generator.generate("localhost", KeyType.RSA_2048);

        writer.write(next, cert, key);

        assertEquals(next.chain(), loader.load(cert, key).chain());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of("cert.pem", "key.pem"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void failureLeavesNeitherFileNorTemporaryBehind() throws Exception {
        Path cert = directory.resolve("cert.pem");
        Files.createDirectory(cert); // a directory where the certificate should go: the rename must fail
        Path key = directory.resolve("key.pem");

        assertThrows(java.io.IOException.class, () -> writer.write(material, cert, key));

        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of("cert.pem"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
