package dev.mta.dkim;

import java.net.IDN;
import java.security.PrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.Locale;
import java.util.Objects;

/**
 * A private key with the domain and selector it signs for ({@code d=}, {@code s=}). RSA keys must have 2048 to
 * 4096 bits: RFC 8301 section 3.2 says signers must use at least 1024 and should use 2048, and several large
 * receivers ignore shorter keys; above 4096 many DNS setups cannot publish the record.
 *
 * @param domain    the signing domain, stored as a lower-case A-label
 * @param selector  the selector
 * @param key       an RSA or Ed25519 private key
 */
public record SigningKey(String domain, String selector, PrivateKey key) {

    /** The smallest RSA key we sign with. */
    public static final int MIN_RSA_BITS = 2048;
    /** The largest RSA key we sign with. */
    public static final int MAX_RSA_BITS = 4096;

    public SigningKey {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(key, "key");
        domain = IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        if (domain.isEmpty() || selector.isEmpty() || !isSelector(selector)) {
            throw new IllegalArgumentException("bad DKIM domain or selector: " + domain + ", " + selector);
        }
        if (key instanceof RSAPrivateKey rsa) {
            int bits = rsa.getModulus().bitLength();
            if (bits < MIN_RSA_BITS || bits > MAX_RSA_BITS) {
                throw new IllegalArgumentException("RSA key for " + selector + "._domainkey." + domain + " has "
                        + bits + " bits; signing needs " + MIN_RSA_BITS + " to " + MAX_RSA_BITS);
            }
        } else if (!(key instanceof EdECPrivateKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName()))) {
            // RFC 8463 defines Ed25519 only; an Ed448 key would make signatures nobody can verify.
            throw new IllegalArgumentException("unsupported key type: " + key.getAlgorithm());
        }
    }

    /** The algorithm this key signs with. */
    public SigningAlgorithm algorithm() {
        return key instanceof RSAPrivateKey ? SigningAlgorithm.RSA_SHA256 : SigningAlgorithm.ED25519_SHA256;
    }

    /** Where the public key is published: {@code selector._domainkey.domain} (RFC 6376 3.6.2.1). */
    public String recordName() {
        return selector + "._domainkey." + domain;
    }

    private static boolean isSelector(String s) {
        // selector = sub-domain *( "." sub-domain ): letters, digits, hyphens and dots.
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.')) {
                return false;
            }
        }
        return !s.startsWith(".") && !s.endsWith(".");
    }

    @Override
    public String toString() {
        return "SigningKey[" + algorithm().tag() + ", " + recordName() + "]";
    }
}
