package dev.mta.dkim;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/** The two signature primitives, as RFC 6376 3.3 and RFC 8463 section 3 apply them to the header data. */
final class DkimCrypto {

    private DkimCrypto() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static byte[] sign(SigningAlgorithm algorithm, PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature signature = signature(algorithm);
        signature.initSign(key);
        signature.update(input(algorithm, data));
        return signature.sign();
    }

    static boolean verify(SigningAlgorithm algorithm, PublicKey key, byte[] data, byte[] signatureBytes)
            throws GeneralSecurityException {
        Signature signature = signature(algorithm);
        signature.initVerify(key);
        signature.update(input(algorithm, data));
        return signature.verify(signatureBytes);
    }

    private static Signature signature(SigningAlgorithm algorithm) throws GeneralSecurityException {
        return switch (algorithm) {
            case RSA_SHA256 -> Signature.getInstance("SHA256withRSA");
            case ED25519_SHA256 -> Signature.getInstance("Ed25519");
        };
    }

    /*
     * RFC 8463 section 3: Ed25519 signs the SHA-256 hash of the data ("PureEdDSA" over the 32-byte hash),
     * while RSASSA-PKCS1-v1_5 hashes the data itself.
     */
    private static byte[] input(SigningAlgorithm algorithm, byte[] data) {
        return algorithm == SigningAlgorithm.ED25519_SHA256 ? sha256().digest(data) : data;
    }
}
