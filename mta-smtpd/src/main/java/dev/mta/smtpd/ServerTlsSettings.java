package dev.mta.smtpd;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The server's certificates.
 *
 * @param certificateChain  PEM file with the certificate and its chain: the default, for clients that name no
 *                          server or one without a certificate of its own
 * @param privateKey        PEM file with the private key (PKCS#8 or PKCS#1)
 * @param selfSignedIfMissing when both files are missing, generate a self-signed pair there (development)
 * @param sni               certificates for other server names, chosen by the client's SNI; each name once
 */
public record ServerTlsSettings(Path certificateChain, Path privateKey, boolean selfSignedIfMissing,
                                List<SniCertificate> sni) {

    public ServerTlsSettings {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        sni = List.copyOf(sni);
        Set<String> names = new HashSet<>();
        for (SniCertificate certificate : sni) {
            if (!names.add(certificate.serverName())) {
                throw new IllegalArgumentException("two certificates for " + certificate.serverName());
            }
        }
    }

    /** One certificate for every client. */
    public ServerTlsSettings(Path certificateChain, Path privateKey, boolean selfSignedIfMissing) {
        this(certificateChain, privateKey, selfSignedIfMissing, List.of());
    }
}
