package dev.mta.dkim;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * Reads DKIM private keys from PEM: PKCS#8 ({@code BEGIN PRIVATE KEY}, RSA or Ed25519) and PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}, as {@code openssl genrsa} and opendkim-genkey write). Bouncy Castle parses the
 * PEM and ASN.1; the JDK's own providers make the keys, so no provider is registered anywhere.
 */
public final class PemKeys {

    private static final String ED25519_OID = "1.3.101.112";
    private static final String RSA_OID = "1.2.840.113549.1.1.1";

    private PemKeys() {
    }

    /** Reads a private key file. Blocking: call it from a worker, not an event loop. */
    public static PrivateKey read(Path file) throws IOException, DkimParseException {
        return parse(Files.readString(file, StandardCharsets.US_ASCII));
    }

    /** Parses one PEM private key. */
    public static PrivateKey parse(String pem) throws DkimParseException {
        Object object;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            object = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new DkimParseException("not a PEM private key", e);
        }
        PrivateKeyInfo info;
        if (object instanceof PEMKeyPair pair) {
            info = pair.getPrivateKeyInfo();
        } else if (object instanceof PrivateKeyInfo pkcs8) {
            info = pkcs8;
        } else {
            throw new DkimParseException("not an unencrypted PKCS#8 or PKCS#1 private key");
        }
        String oid = info.getPrivateKeyAlgorithm().getAlgorithm().getId();
        String algorithm = switch (oid) {
            case RSA_OID -> "RSA";
            case ED25519_OID -> "Ed25519";
            default -> throw new DkimParseException("unsupported key algorithm " + oid);
        };
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new DkimParseException("unreadable " + algorithm + " private key", e);
        }
    }

    /** An Ed25519 private key from its 32-byte seed (RFC 8032 section 5.1.5), as RFC 8463 Appendix A prints it. */
    public static PrivateKey ed25519FromSeed(byte[] seed) throws DkimParseException {
        if (seed.length != 32) {
            throw new DkimParseException("an Ed25519 seed is 32 bytes");
        }
        byte[] prefix = Base64.getDecoder().decode("MC4CAQAwBQYDK2VwBCIEIA==");
        byte[] der = new byte[prefix.length + 32];
        System.arraycopy(prefix, 0, der, 0, prefix.length);
        System.arraycopy(seed, 0, der, prefix.length, 32);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new DkimParseException("bad Ed25519 seed", e);
        }
    }

    /** The public half of a private key, to publish or to check a published record against. */
    public static PublicKey publicKeyOf(PrivateKey key) throws DkimParseException {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof EdECPrivateKey ed) {
                byte[] seed = ed.getBytes().orElseThrow(() -> new DkimParseException("Ed25519 key has no seed"));
                byte[] raw = new Ed25519PrivateKeyParameters(seed, 0).generatePublicKey().getEncoded();
                return DkimKeyRecord.decodeKey(SigningAlgorithm.KeyType.ED25519,
                        Base64.getEncoder().encodeToString(raw));
            }
        } catch (GeneralSecurityException e) {
            throw new DkimParseException("cannot derive the public key", e);
        }
        throw new DkimParseException("cannot derive the public key of a " + key.getAlgorithm() + " key");
    }

    /** Writes a private key as PKCS#8 PEM ({@code BEGIN PRIVATE KEY}), 64 characters a line (RFC 7468). */
    public static String toPem(PrivateKey key) {
        return pem("PRIVATE KEY", key.getEncoded());
    }

    /** Writes a public key as an X.509 SubjectPublicKeyInfo PEM. */
    public static String toPem(PublicKey key) {
        return pem("PUBLIC KEY", key.getEncoded());
    }

    private static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
