package dev.mta.delivery.client;

import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.Recipient;

import java.util.List;
import java.util.Objects;

/**
 * One transaction's envelope: the sender, its MAIL parameters, and the recipients of the message that go to this
 * hop (all of them in one transaction).
 *
 * @param sender     the reverse path
 * @param parameters BODY, SMTPUTF8, RET and ENVID as received
 * @param recipients at least one
 */
public record OutboundEnvelope(ReversePath sender, MailParameters parameters, List<Recipient> recipients) {

    public OutboundEnvelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(parameters, "parameters");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("a transaction needs at least one recipient");
        }
    }

    /** Whether the transaction needs SMTPUTF8 (RFC 6531): asked for by the sender, or a non-ASCII local part. */
    public boolean needsSmtputf8() {
        return parameters.smtpUtf8() || sender.needsSmtputf8()
                || recipients.stream().anyMatch(r -> r.address().needsSmtputf8());
    }
}
