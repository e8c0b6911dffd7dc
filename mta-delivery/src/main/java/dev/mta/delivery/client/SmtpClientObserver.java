package dev.mta.delivery.client;

import java.util.Optional;

/**
 * Told of what the outbound client sees, for the daemon's metrics. Called on an event loop: it must return at
 * once, never block and never throw.
 */
public interface SmtpClientObserver {

    /** Observes nothing. */
    SmtpClientObserver NONE = new SmtpClientObserver() {
    };

    /**
     * A TLS handshake with a server ended, after its 220 to STARTTLS (RFC 3207 section 4).
     *
     * @param protocol the protocol agreed, such as {@code TLSv1.3}; empty when the handshake failed
     */
    default void tlsHandshake(Optional<String> protocol) {
    }
}
