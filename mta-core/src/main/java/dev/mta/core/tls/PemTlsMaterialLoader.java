package dev.mta.core.tls;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a certificate chain and its private key from PEM files, as certbot, acme.sh and {@code openssl} write
 * them. Keys may be PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) or SEC1 EC
 * ({@code EC PRIVATE KEY}, optionally after an {@code EC PARAMETERS} block). Encrypted keys are refused: a
 * daemon that starts unattended has nobody to type the pass phrase, so the key's protection is its file mode.
 *
 * <p>The chain file may hold other PEM objects (a combined file with the key is common); only its certificates
 * are taken, in file order, leaf first. The key file must hold exactly one private key, which must belong to
 * the leaf certificate. Converters use the JDK's default providers, so nothing is registered globally.
 */
public final class PemTlsMaterialLoader {

    private final SecureRandom random;

    public PemTlsMaterialLoader() {
        this(new SecureRandom());
    }

    /** @param random used only to make the probe that shows the key belongs to the certificate */
    public PemTlsMaterialLoader(SecureRandom random) {
        this.random = random;
    }

    /**
     * Reads both files and checks that the key belongs to the first certificate.
     *
     * @throws TlsMaterialException naming the file that is unreadable, holds no certificate or no key, holds
     *                              an encrypted key, or whose key does not match the certificate
     */
    public TlsMaterial load(Path certificateChainFile, Path privateKeyFile) throws TlsMaterialException {
        List<X509Certificate> chain = readChain(certificateChainFile);
        PrivateKey key = readKey(privateKeyFile);
        String signatureAlgorithm = probeSignatureAlgorithm(key);
        if (signatureAlgorithm == null) {
            throw new TlsMaterialException(privateKeyFile, "unsupported key type " + key.getAlgorithm()
                    + " (use RSA, EC or Ed25519)");
        }
        if (!belongsTo(key, signatureAlgorithm, chain.get(0).getPublicKey())) {
            throw new TlsMaterialException(privateKeyFile, "the private key does not match the first certificate in "
                    + certificateChainFile + " (the certificate for this key must come first)");
        }
        return new TlsMaterial(key, chain);
    }

    private List<X509Certificate> readChain(Path file) throws TlsMaterialException {
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        List<X509Certificate> chain = new ArrayList<>();
        for (Object object : readPemObjects(file)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    chain.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new TlsMaterialException(file, "certificate " + (chain.size() + 1) + " is not a valid X.509 "
                            + "certificate: " + e.getMessage(), e);
                }
            }
        }
        if (chain.isEmpty()) {
            throw new TlsMaterialException(file, "no certificate found (expected a PEM block "
                    + "'-----BEGIN CERTIFICATE-----')");
        }
        return chain;
    }

    private PrivateKey readKey(Path file) throws TlsMaterialException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        List<PrivateKey> keys = new ArrayList<>();
        for (Object object : readPemObjects(file)) {
            try {
                if (object instanceof PrivateKeyInfo pkcs8) {
                    keys.add(converter.getPrivateKey(pkcs8));
                } else if (object instanceof PEMKeyPair traditional) {
                    // PKCS#1 'RSA PRIVATE KEY' and SEC1 'EC PRIVATE KEY' both parse into a key pair; SEC1 makes
                    // the public half optional (RFC 5915 section 3), so only the private half is taken.
                    keys.add(converter.getPrivateKey(traditional.getPrivateKeyInfo()));
                } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new TlsMaterialException(file, "the private key is encrypted, which is not supported: the "
                            + "daemon starts unattended; store the key unencrypted with mode 0600 "
                            + "(openssl pkey -in encrypted.pem -out key.pem)");
                }
            } catch (IOException e) {
                throw new TlsMaterialException(file, "the private key cannot be decoded: " + e.getMessage(), e);
            }
        }
        if (keys.isEmpty()) {
            throw new TlsMaterialException(file, "no private key found (expected a PEM block '-----BEGIN PRIVATE "
                    + "KEY-----', '-----BEGIN RSA PRIVATE KEY-----' or '-----BEGIN EC PRIVATE KEY-----')");
        }
        if (keys.size() > 1) {
            throw new TlsMaterialException(file, keys.size() + " private keys found; the file must hold exactly one");
        }
        return keys.get(0);
    }

    private static List<Object> readPemObjects(Path file) throws TlsMaterialException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException e) {
            throw new TlsMaterialException(file, "cannot read: no such file", e);
        } catch (AccessDeniedException e) {
            throw new TlsMaterialException(file, "cannot read: permission denied", e);
        } catch (IOException e) {
            throw new TlsMaterialException(file, "cannot read: " + e, e);
        }
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports bad base64 with an unchecked DecoderException and bad DER with IOException.
            throw new TlsMaterialException(file, "not valid PEM: " + e.getMessage(), e);
        }
        return objects;
    }

    /** The signature algorithm used for the key-match probe, or null for a key type TLS servers do not use. */
    private static String probeSignatureAlgorithm(PrivateKey key) {
        return switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
    }

    /**
     * Whether a signature made with {@code key} verifies with {@code publicKey}. One probe works for every key
     * type (RSA, EC, EdDSA) without comparing algorithm-specific numbers, and a public key of another type
     * simply fails to verify.
     */
    private boolean belongsTo(PrivateKey key, String algorithm, PublicKey publicKey) {
        byte[] probe = new byte[32];
        random.nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
