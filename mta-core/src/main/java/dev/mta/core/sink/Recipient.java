package dev.mta.core.sink;

import dev.mta.core.address.Mailbox;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One accepted recipient with its DSN parameters (RFC 3461 section 4).
 *
 * @param address           the mailbox to deliver to, after alias expansion
 * @param notifyOn          the NOTIFY values; empty when the client gave none (the default applies)
 * @param originalRecipient the decoded ORCPT value as {@code addr-type;address}, e.g. {@code rfc822;a@b}
 */
public record Recipient(Mailbox address, Set<DsnNotify> notifyOn, Optional<String> originalRecipient) {

    public Recipient {
        Objects.requireNonNull(address, "address");
        notifyOn = Set.copyOf(notifyOn);
        Objects.requireNonNull(originalRecipient, "originalRecipient");
        if (notifyOn.contains(DsnNotify.NEVER) && notifyOn.size() > 1) {
            throw new IllegalArgumentException("NOTIFY=NEVER cannot be combined with other values");
        }
    }

    public static Recipient of(Mailbox address) {
        return new Recipient(address, Set.of(), Optional.empty());
    }
}
