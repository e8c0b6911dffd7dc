package dev.mta.core.sink;

import dev.mta.core.address.ReversePath;

import java.util.List;
import java.util.Objects;

/**
 * What the SMTP transaction said about a message, apart from its content: who sent it, to whom, with which
 * parameters, and where it came from.
 *
 * @param sender     the reverse path of MAIL FROM ({@code <>} for notifications)
 * @param parameters the MAIL FROM parameters
 * @param recipients the accepted recipients, in the order they were accepted, at least one
 * @param origin     the client, the session and how it was authenticated
 */
public record Envelope(ReversePath sender, MailParameters parameters, List<Recipient> recipients, Origin origin) {

    public Envelope {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(origin, "origin");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("an envelope needs at least one recipient");
        }
    }
}
