package dev.mta.smtpd;

/** What a listener is for; the role sets its TLS mode and whether AUTH is offered and required. */
public enum ListenerRole {
    /** Port 25: mail for accepted domains from anyone; relaying only for relay networks or authenticated clients. */
    SMTP,
    /** Port 587: STARTTLS, and AUTH before any MAIL (RFC 6409). */
    SUBMISSION,
    /** Port 465: implicit TLS, and AUTH before any MAIL (RFC 8314). */
    SUBMISSIONS
}
