package dev.mta.core.tls;

import dev.mta.core.io.DurableFiles;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes TLS material as PEM: the chain as {@code CERTIFICATE} blocks, the key as PKCS#8 {@code PRIVATE KEY}.
 *
 * <p>Each file is written atomically: a temporary file in the target directory is written and fsync'd, renamed
 * over the target, and the directory is fsync'd, so after a crash either the old file or the complete new one
 * is there, never half a key. The key's temporary file is created with mode 0600 by the same system call that
 * creates it (an attribute of {@code open(2)}, not a later {@code chmod}), so the key is never readable by
 * anyone else, not even for an instant. Directories that have to be created get mode 0700.
 */
public final class PemTlsMaterialWriter {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rw-r--r--");

    /**
     * Writes the chain to {@code certificateChainFile} (mode 0644: certificates are public) and the key to
     * {@code privateKeyFile} (mode 0600), replacing existing files. Both are fully written and synced before
     * either is renamed into place, so a crash leaves at most one of them new; a failed write of the
     * certificate removes a key that was not there before.
     */
    public void write(TlsMaterial material, Path certificateChainFile, Path privateKeyFile) throws IOException {
        byte[] chain = pem(chainObjects(material.chain()));
        byte[] key = pem(List.of(new PemObject("PRIVATE KEY", material.key().getEncoded())));
        Path stagedKey = DurableFiles.stage(privateKeyFile, key, OWNER_ONLY);
        Path stagedChain;
        try {
            stagedChain = DurableFiles.stage(certificateChainFile, chain, WORLD_READABLE);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(stagedKey);
            throw e;
        }
        boolean keyIsNew = Files.notExists(privateKeyFile);
        try {
            DurableFiles.replaceWith(stagedKey, privateKeyFile);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(stagedChain);
            throw e;
        }
        try {
            DurableFiles.replaceWith(stagedChain, certificateChainFile);
        } catch (IOException | RuntimeException e) {
            if (keyIsNew) {
                // A key without its certificate would only stop the next start; where there was none, leave none.
                Files.deleteIfExists(privateKeyFile);
            }
            throw e;
        }
        Set<Path> directories = new LinkedHashSet<>();
        directories.add(DurableFiles.directoryOf(privateKeyFile));
        directories.add(DurableFiles.directoryOf(certificateChainFile));
        for (Path directory : directories) {
            DurableFiles.syncDirectory(directory);
        }
    }

    private static List<PemObject> chainObjects(List<X509Certificate> chain) {
        List<PemObject> objects = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            try {
                objects.add(new PemObject("CERTIFICATE", certificate.getEncoded()));
            } catch (CertificateEncodingException e) {
                throw new IllegalArgumentException("certificate cannot be encoded: " + e.getMessage(), e);
            }
        }
        return objects;
    }

    private static byte[] pem(List<PemObject> objects) {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            for (PemObject object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
