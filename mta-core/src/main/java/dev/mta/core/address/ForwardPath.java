package dev.mta.core.address;

/**
 * The forward path of RCPT TO (RFC 5321 section 4.1.1.3): a mailbox, or the bare {@code <Postmaster>}
 * that every SMTP server must accept without a domain (RFC 5321 section 4.5.1). A source route written
 * before the mailbox is not kept: servers SHOULD ignore it (RFC 5321 section 4.1.1.3 and appendix C).
 */
public sealed interface ForwardPath permits Mailbox, BarePostmaster {

    /** {@code <Postmaster>} without a domain. */
    ForwardPath POSTMASTER = new BarePostmaster();

    /**
     * The path as written in a RCPT command, with its angle brackets.
     *
     * @param mode {@link Utf8Mode#UTF8_ALLOWED} only in a transaction whose MAIL FROM carries SMTPUTF8
     * @throws IllegalStateException when {@link #needsSmtputf8()} and {@code mode} is ASCII only
     */
    String pathForm(Utf8Mode mode);

    /** Whether the path cannot be written in ASCII (a non-ASCII local part; domains have A-labels). */
    boolean needsSmtputf8();
}
