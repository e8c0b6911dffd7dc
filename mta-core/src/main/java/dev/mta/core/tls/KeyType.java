package dev.mta.core.tls;

/** The key types mta generates for certificates: both are accepted by every TLS 1.2 and 1.3 client. */
public enum KeyType {
    /** RSA with a 2048-bit modulus: the widest compatibility, slower to generate and to sign with. */
    RSA_2048("RSA", "SHA256withRSA"),
    /** ECDSA on NIST P-256 (secp256r1): small and fast; supported by every client that speaks TLS 1.2. */
    EC_P256("EC", "SHA256withECDSA");

    private final String keyAlgorithm;
    private final String signatureAlgorithm;

    KeyType(String keyAlgorithm, String signatureAlgorithm) {
        this.keyAlgorithm = keyAlgorithm;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** The JCA key algorithm name. */
    public String keyAlgorithm() {
        return keyAlgorithm;
    }

    /** The JCA signature algorithm a certificate with this key is self-signed with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }
}
