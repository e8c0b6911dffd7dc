package dev.mta.dkim;

import dev.mta.core.io.DurableFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Objects;

/**
 * Makes new DKIM keys and stores them: what {@code mta dkim keygen} will call. The private key is written as
 * PKCS#8 PEM, mode 0600 from the moment the file exists, atomically (a temporary file in the same directory,
 * synced, then renamed, then the directory synced), so a crash never leaves a half-written or readable key.
 * The public half comes back as the DNS record to publish ({@link DkimPublicRecord}).
 */
public final class DkimKeyGenerator {

    /** The kinds of key we generate. */
    public enum Kind {
        RSA_2048(2048), RSA_3072(3072), RSA_4096(4096), ED25519(0);

        private final int bits;

        Kind(int bits) {
            this.bits = bits;
        }

        /** RSA modulus size, 0 for Ed25519. */
        public int bits() {
            return bits;
        }
    }

    private final SecureRandom random;

    public DkimKeyGenerator(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Generates a key pair. RSA generation takes a noticeable time: call it from a worker or the CLI. */
    public KeyPair generate(Kind kind) {
        try {
            if (kind == Kind.ED25519) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
                generator.initialize(255, random);
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(kind.bits(), RSAKeyGenParameterSpec.F4), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot generate a " + kind + " key", e);
        }
    }

    /**
     * Writes the private key of {@code pair} to {@code file} as PKCS#8 PEM with mode 0600, atomically. Refuses to
     * replace an existing file: overwriting a key that is published in DNS would break every signature.
     */
    public void writePrivateKey(Path file, KeyPair pair) throws IOException {
        DurableFiles.createNew(file.toAbsolutePath(), PemKeys.toPem(pair.getPrivate()).getBytes(StandardCharsets.US_ASCII),
                PosixFilePermissions.fromString("rw-------"));
    }
}
