package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one transaction: one entry per recipient, in the order given, and the reply to the end of data
 * when the content was sent.
 *
 * @param recipients one result per recipient of the envelope
 * @param dataReply  the reply after the final dot or BDAT LAST; empty when the content was not sent
 * @param detail     a short log-safe text about a failure of the client's own (timeout, lost connection,
 *                   malformed reply); empty when the replies say it all
 * @param dsnPassedOn whether the server offered DSN, so each RCPT carried its NOTIFY and ORCPT and the server took
 *                    over the duty to report on the accepted recipients (RFC 3461 section 5.2.1)
 */
public record TransactionResult(List<RecipientResult> recipients, Optional<Reply> dataReply, Optional<String> detail,
                                boolean dsnPassedOn) {

    public TransactionResult {
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(dataReply, "dataReply");
        Objects.requireNonNull(detail, "detail");
    }

    /** The result of the recipient at {@code index} in the envelope. */
    public RecipientResult recipient(int index) {
        return recipients.get(index);
    }

    /** Whether every recipient was accepted. */
    public boolean allAccepted() {
        return recipients.stream().allMatch(r -> r.outcome() == Outcome.ACCEPTED);
    }
}
