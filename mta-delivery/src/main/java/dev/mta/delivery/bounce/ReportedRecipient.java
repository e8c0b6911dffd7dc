package dev.mta.delivery.bounce;

import dev.mta.core.sink.Recipient;
import dev.mta.delivery.DeliveryOutcome;

import java.time.Instant;
import java.util.Objects;

/**
 * A recipient to report in a DSN: failed (a permanent failure), delayed (a temporary one) or relayed (taken by a
 * next hop that does not offer DSN).
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
        if (outcome instanceof DeliveryOutcome.Delivered delivered && delivered.dsnPassedOn()) {
            // RFC 3461 section 5.2.1: the next hop got NOTIFY and ORCPT and reports from now on; a DSN from us
            // as well would tell the sender twice, and too early.
            throw new IllegalArgumentException("a hop that offered DSN reports on this recipient, not us");
        }
    }

    /**
     * RFC 3464 section 2.3.3: {@code failed}, {@code delayed} or {@code relayed}. Never {@code delivered}: that
     * one is for final (local) delivery (RFC 3461 section 5.2.3), and mta only passes mail on over SMTP.
     */
    String action() {
        if (outcome instanceof DeliveryOutcome.PermFail) {
            return "failed";
        }
        return outcome instanceof DeliveryOutcome.TempFail ? "delayed" : "relayed";
    }
}
