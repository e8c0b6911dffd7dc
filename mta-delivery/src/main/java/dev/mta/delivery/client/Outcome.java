package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;

/** What became of a recipient in one transaction, read from the reply code only (DESIGN.md invariant 9). */
public enum Outcome {
    /** The server took the message for this recipient (2xx to RCPT and to the end of data). */
    ACCEPTED,
    /** Try again later: a 4xx, or a connection, timeout or protocol failure. */
    TEMPORARY,
    /** Do not try again: a 5xx. */
    PERMANENT;

    /** 2xx accepted, 5xx permanent, anything else temporary. */
    public static Outcome of(Reply reply) {
        if (reply.isPositiveCompletion()) {
            return ACCEPTED;
        }
        return reply.isPermanentFailure() ? PERMANENT : TEMPORARY;
    }
}
