package dev.mta.dkim;

import dev.mta.core.address.Domain;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One signing key: the {@code d=} domain, the {@code s=} selector (RFC 6376 section 3.1), and the PEM file of the
 * private key.
 *
 * @param domain         the signing domain
 * @param selector       the selector, one DNS label
 * @param privateKeyFile the PEM file of the private key (RSA or Ed25519)
 */
public record DkimKeySettings(Domain domain, String selector, Path privateKeyFile) {

    public DkimKeySettings {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
    }
}
