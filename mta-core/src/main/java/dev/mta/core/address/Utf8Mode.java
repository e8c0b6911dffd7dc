package dev.mta.core.address;

/**
 * Whether non-ASCII text may appear in an address. In a session that is decided by the client: UTF-8 is
 * allowed only in a transaction whose MAIL FROM carried {@code SMTPUTF8} (RFC 6531 section 3.4). For
 * rendering it describes the peer: {@link #ASCII_ONLY} for a server that did not offer SMTPUTF8.
 */
public enum Utf8Mode {
    /** Only ASCII; domains are written as A-labels. */
    ASCII_ONLY,
    /** UTF-8 is allowed (RFC 6531); domains are written as U-labels. */
    UTF8_ALLOWED
}
