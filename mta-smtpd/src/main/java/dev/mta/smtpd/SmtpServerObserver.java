package dev.mta.smtpd;

import java.util.Optional;

/**
 * Told of what the server sees, for the daemon's metrics. Called on an event loop: it must return at once,
 * never block and never throw.
 */
public interface SmtpServerObserver {

    /** Observes nothing. */
    SmtpServerObserver NONE = new SmtpServerObserver() {
    };

    /**
     * A TLS handshake with a client ended, after STARTTLS or on an implicit-TLS listener.
     *
     * @param protocol the protocol agreed, such as {@code TLSv1.3}; empty when the handshake failed
     */
    default void tlsHandshake(Optional<String> protocol) {
    }
}
