package dev.mta.delivery.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What a session has established before its first transaction.
 *
 * @param capabilities  from the latest EHLO reply (after TLS, only the post-TLS one; RFC 3207 section 4.2)
 * @param tls           protocol and cipher suite when TLS is up, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256}
 * @param tlsVerified   whether the certificate was verified against the trust store and the host name
 * @param authenticated whether AUTH succeeded
 */
public record SessionState(ServerCapabilities capabilities, Optional<String> tls, boolean tlsVerified,
                           boolean authenticated) {

    public SessionState {
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(tls, "tls");
    }
}
