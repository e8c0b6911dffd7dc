package dev.mta.core.address;

/**
 * The part of a mailbox after the {@code @}: a domain name or an address literal (RFC 5321 section 4.1.2).
 */
public sealed interface MailHost permits Domain, AddressLiteral {

    /** The form sent on the wire to a peer without SMTPUTF8: A-labels, or the bracketed literal. */
    String ascii();

    /** The form shown to people and sent to SMTPUTF8 peers: U-labels, or the bracketed literal. */
    String unicode();

    /** {@link #ascii()} for {@link Utf8Mode#ASCII_ONLY}, {@link #unicode()} otherwise. */
    default String form(Utf8Mode mode) {
        return mode == Utf8Mode.ASCII_ONLY ? ascii() : unicode();
    }
}
