package dev.mta.delivery.bounce;

import dev.mta.core.sink.Recipient;
import dev.mta.delivery.DeliveryOutcome;

import java.time.Instant;
import java.util.Objects;

/**
 * A recipient to report in a DSN: failed (a permanent failure) or delayed (a temporary one).
 *
 * @param recipient   the recipient, with its NOTIFY and ORCPT parameters
 * @param outcome     its reply is the Status and Diagnostic-Code, its relay the Remote-MTA
 * @param lastAttempt when the last attempt ended (Last-Attempt-Date)
 */
public record ReportedRecipient(Recipient recipient, DeliveryOutcome outcome, Instant lastAttempt) {

    public ReportedRecipient {
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(lastAttempt, "lastAttempt");
        if (outcome instanceof DeliveryOutcome.Delivered) {
            throw new IllegalArgumentException("a DSN here reports failed or delayed recipients only");
        }
    }

    /** RFC 3464 section 2.3.3: {@code failed} or {@code delayed}. */
    String action() {
        return outcome instanceof DeliveryOutcome.PermFail ? "failed" : "delayed";
    }
}
