package dev.mta.smtpd.wire.command;

import dev.mta.core.address.Mailbox;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.Recipient;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The RCPT TO parameters (RFC 3461 section 4).
 *
 * @param notifyOn            the NOTIFY values; empty when absent. {@code NEVER} stands alone
 * @param originalRecipient ORCPT as {@code addr-type;address}, the address xtext-decoded, e.g.
 *                          {@code rfc822;a@example.com}; printable US-ASCII only
 */
public record RcptParameters(Set<DsnNotify> notifyOn, Optional<String> originalRecipient) {

    public static final RcptParameters DEFAULT = new RcptParameters(Set.of(), Optional.empty());

    public RcptParameters {
        notifyOn = Set.copyOf(notifyOn);
        Objects.requireNonNull(originalRecipient, "originalRecipient");
        if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other values");
        }
    }

    /** The recipient as the queue keeps it, once the session has accepted {@code address}. */
    public Recipient toRecipient(Mailbox address) {
        return new Recipient(address, notifyOn, originalRecipient);
    }
}
