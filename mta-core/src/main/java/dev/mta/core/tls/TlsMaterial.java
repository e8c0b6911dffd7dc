package dev.mta.core.tls;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A private key and the certificate chain that goes with it, leaf first.
 *
 * @param key   the private key of the leaf certificate
 * @param chain the leaf certificate followed by the intermediates, as they are sent in the TLS handshake
 */
public record TlsMaterial(PrivateKey key, List<X509Certificate> chain) {

    public TlsMaterial {
        Objects.requireNonNull(key, "key");
        chain = List.copyOf(chain);
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("a certificate chain needs at least the leaf certificate");
        }
    }

    /** The certificate that names us; its public key belongs to {@link #key()}. */
    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Keeps the key out of logs and exception messages. */
    @Override
    public String toString() {
        return "TlsMaterial[" + leaf().getSubjectX500Principal().getName() + ", chain of " + chain.size() + "]";
    }
}
