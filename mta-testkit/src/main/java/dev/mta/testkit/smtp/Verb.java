package dev.mta.testkit.smtp;

/** The points of a session where {@link ScriptedSmtpServer} can be told to answer differently. */
public enum Verb {
    /** The greeting, before any command. */
    GREETING,
    EHLO, HELO, STARTTLS, AUTH, MAIL, RCPT,
    /** The reply to the DATA command (354 by default); anything else and no data is read. */
    DATA,
    /** The reply after the final dot, or to BDAT LAST. */
    DATA_END,
    /** The reply to a BDAT chunk other than the last. */
    BDAT,
    RSET, NOOP, QUIT
}
