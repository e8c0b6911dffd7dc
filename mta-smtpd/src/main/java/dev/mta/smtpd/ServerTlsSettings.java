package dev.mta.smtpd;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The server's certificate.
 *
 * @param certificateChain  PEM file with the certificate and its chain
 * @param privateKey        PEM file with the private key (PKCS#8 or PKCS#1)
 * @param selfSignedIfMissing when both files are missing, generate a self-signed pair there (development)
 */
public record ServerTlsSettings(Path certificateChain, Path privateKey, boolean selfSignedIfMissing) {

    public ServerTlsSettings {
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
    }
}
