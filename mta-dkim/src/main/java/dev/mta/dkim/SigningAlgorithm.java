package dev.mta.dkim;

/**
 * The signing algorithms of the {@code a=} tag that we sign or verify with. {@code rsa-sha1} is recognized only
 * to be refused with a clear reason (RFC 8301 section 3.1: verifiers must not consider it valid).
 */
public enum SigningAlgorithm {

    /** RFC 6376 section 3.3.2; RSA keys of at least 1024 bits to verify, 2048 to sign (RFC 8301 section 3.2). */
    RSA_SHA256("rsa-sha256", KeyType.RSA),
    /** RFC 8463: Ed25519 over the SHA-256 hash of the header data. */
    ED25519_SHA256("ed25519-sha256", KeyType.ED25519);

    private final String tag;
    private final KeyType keyType;

    SigningAlgorithm(String tag, KeyType keyType) {
        this.tag = tag;
        this.keyType = keyType;
    }

    /** The name written in {@code a=}. */
    public String tag() {
        return tag;
    }

    /** The key type the algorithm needs ({@code k=} of the key record). */
    public KeyType keyType() {
        return keyType;
    }

    /** Parses an {@code a=} value, ignoring case. */
    public static SigningAlgorithm fromTag(String value) throws DkimParseException {
        for (SigningAlgorithm a : values()) {
            if (a.tag.equalsIgnoreCase(value)) {
                return a;
            }
        }
        if ("rsa-sha1".equalsIgnoreCase(value)) {
            throw DkimParseException.forbidden("rsa-sha1 is not accepted (RFC 8301)");
        }
        throw new DkimParseException("unknown algorithm: " + value);
    }

    /** The key types of the {@code k=} tag (RFC 6376 section 3.6.1, RFC 8463 section 4). */
    public enum KeyType {
        RSA("rsa"),
        ED25519("ed25519");

        private final String tag;

        KeyType(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }

        public static KeyType fromTag(String value) throws DkimParseException {
            for (KeyType k : values()) {
                if (k.tag.equalsIgnoreCase(value)) {
                    return k;
                }
            }
            throw new DkimParseException("unknown key type: " + value);
        }
    }
}
