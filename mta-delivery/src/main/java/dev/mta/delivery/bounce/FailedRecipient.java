package dev.mta.delivery.bounce;

import dev.mta.core.sink.Recipient;
import dev.mta.delivery.DeliveryOutcome;

import java.time.Instant;
import java.util.Objects;

/**
 * A recipient to report in a DSN.
 *
 * @param recipient   the recipient, with its NOTIFY and ORCPT parameters
 * @param outcome     the permanent failure: its reply is the Status and Diagnostic-Code, its relay the Remote-MTA
 * @param lastAttempt when the last attempt ended (Last-Attempt-Date)
 */
public record FailedRecipient(Recipient recipient, DeliveryOutcome.PermFail outcome, Instant lastAttempt) {

    public FailedRecipient {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(lastAttempt, "lastAttempt");
    }
}
