package dev.mta.delivery;

import dev.mta.delivery.client.SmtpClientObserver;

import java.time.Duration;

/**
 * Told of each delivery outcome once it is recorded in the queue, for counters and histograms (the daemon's
 * metrics). {@link #recorded} is called on a delivery worker thread, never an event loop; the outbound client's
 * TLS handshakes ({@link SmtpClientObserver}) are told on an event loop. Every method must return at once and
 * never throw.
 */
public interface DeliveryObserver extends SmtpClientObserver {

    /** Observes nothing. */
    DeliveryObserver NONE = new DeliveryObserver() {
    };

    /**
     * @param outcome      what happened to one recipient (a temporary failure past the queue lifetime is already
     *                     the permanent failure it became)
     * @param sinceArrival from the message's arrival to the outcome: the {@code delay=} of the log line
     */
    default void recorded(DeliveryOutcome outcome, Duration sinceArrival) {
    }
}
