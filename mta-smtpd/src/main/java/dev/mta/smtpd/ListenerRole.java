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
    SUBMISSIONS;

    /** Whether clients of this role cannot do anything without TLS; port 25 works without it, if worse. */
    public boolean requiresTls() {
        return this != SMTP;
    }
}
