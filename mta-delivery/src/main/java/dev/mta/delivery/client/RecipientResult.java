package dev.mta.delivery.client;

import dev.mta.core.sink.Recipient;
import dev.mta.core.smtp.Reply;

import java.util.Objects;

/**
 * The result for one recipient: what happened and the reply that decided it, the server's (to RCPT or to the end
 * of data) or one the client made for a failure of its own (a refused check, a lost connection). The reply text
 * is printable ASCII, remote text escaped, so it can be stored and logged as it is.
 *
 * @param recipient the recipient
 * @param outcome   accepted, temporary or permanent
 * @param reply     the deciding reply
 */
public record RecipientResult(Recipient recipient, Outcome outcome, Reply reply) {

    public RecipientResult {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reply, "reply");
    }
}
