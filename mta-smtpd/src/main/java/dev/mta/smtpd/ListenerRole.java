package dev.mta.smtpd;

/**
 * What a listener is for; the role sets its TLS mode and whether AUTH is offered and required. Every role needs
 * the server certificate: port 25 offers STARTTLS to the servers that send to us (RFC 3207), the submission
 * ports cannot work without TLS.
 */
public enum ListenerRole {
    /** Port 25: mail for accepted domains from anyone; relaying only for relay networks or authenticated clients. */
    SMTP,
    /** Port 587: STARTTLS, and AUTH before any MAIL (RFC 6409). */
    SUBMISSION,
    /** Port 465: implicit TLS, and AUTH before any MAIL (RFC 8314). */
    SUBMISSIONS,
    /**
     * The local submission socket that {@code mta sendmail} talks to (DESIGN.md, "Local sockets"): a Unix domain
     * socket, so the kernel names the client's user; no TLS (nothing crosses a network), no AUTH, and its mail is
     * locally originated. Never a role for a TCP listener.
     */
    LOCAL;

    /** Whether clients of this role cannot do anything without TLS; port 25 works without it, if worse. */
    public boolean requiresTls() {
        return this == SUBMISSION || this == SUBMISSIONS;
    }

    /** Whether MAIL needs a successful AUTH first (RFC 6409 section 4.3): the submission ports. */
    public boolean requiresAuth() {
        return this == SUBMISSION || this == SUBMISSIONS;
    }

    /** Whether STARTTLS is offered (with a certificate): not on implicit TLS, not on the local socket. */
    public boolean offersStartTls() {
        return this == SMTP || this == SUBMISSION;
    }
}
