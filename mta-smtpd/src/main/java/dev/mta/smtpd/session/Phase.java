package dev.mta.smtpd.session;

/** Where a session stands in the SMTP dialog (RFC 5321 section 4.1.4 orders the commands). */
public enum Phase {
    /** Greeted; no EHLO or HELO yet (or forgotten after STARTTLS, RFC 3207 section 4.2). */
    CONNECTED,
    /** EHLO or HELO done, no transaction. */
    READY,
    /** MAIL FROM accepted, no recipient yet. */
    MAIL,
    /** At least one recipient accepted. */
    RCPT,
    /** Reading the content after 354. */
    DATA,
    /** Reading the octets of a BDAT chunk. */
    BDAT_CHUNK,
    /** Between BDAT chunks of one message (RFC 3030 section 2). */
    BDAT,
    /** The message has been read; waiting for the sink to make it durable before answering. */
    STORING,
    /** QUIT, a fatal error or a timeout: nothing more is read. */
    CLOSING;

    /** Whether a transaction (MAIL FROM accepted) is open. */
    public boolean inTransaction() {
        return this == MAIL || this == RCPT || this == DATA || this == BDAT_CHUNK || this == BDAT || this == STORING;
    }
}
