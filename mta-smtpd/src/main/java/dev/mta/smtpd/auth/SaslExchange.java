package dev.mta.smtpd.auth;

import java.util.Optional;

/**
 * One run of a SASL mechanism for one AUTH command (RFC 4954 section 4): a small state machine over the
 * client's lines, with no I/O. A new AUTH command needs a new exchange ({@link SaslMechanism#newExchange()});
 * nothing carries over from a cancelled one, so switching mechanisms after {@code *} cannot reach a
 * half-finished state (the CVE-2011-1720 path). Not thread-safe: it belongs to one session.
 */
public interface SaslExchange {

    /** The longest client line in an AUTH exchange, the AUTH command included (RFC 4954 section 4). */
    int MAX_LINE_OCTETS = 12288;

    /**
     * Starts the exchange.
     *
     * @param initialResponse the initial response from the AUTH command line, as sent (base64, or {@code =} for
     *                        an empty one), or empty when the command had none
     * @throws IllegalStateException if called twice
     */
    SaslStep start(Optional<String> initialResponse);

    /**
     * The client's line after a {@link SaslStep.Challenge}, without CRLF. {@code *} cancels the exchange.
     *
     * @throws IllegalStateException if the exchange is not waiting for a response
     */
    SaslStep respond(String line);
}
