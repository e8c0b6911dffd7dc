package dev.mta.delivery.client;

/**
 * How a connection uses STARTTLS (RFC 3207). TLS is always 1.2 or 1.3 (RFC 8996).
 */
public enum TlsPolicy {
    /** Never STARTTLS; for tests and for hops where TLS is known to be broken. */
    NONE,
    /**
     * STARTTLS whenever offered, certificate not verified, as every MTA does toward MX hosts (RFC 7435,
     * opportunistic security); in clear when the server does not offer it or refuses it.
     */
    OPPORTUNISTIC,
    /** STARTTLS must succeed, certificate not verified; never sends a message in clear. */
    REQUIRED,
    /**
     * STARTTLS must succeed with a certificate that chains to the trust store and names the host; for a relay
     * host and for routes marked {@code tls=verify}. The only policy under which AUTH is sent.
     */
    VERIFY;

    /** Whether the message may not go out without TLS. */
    public boolean mandatory() {
        return this == REQUIRED || this == VERIFY;
    }
}
