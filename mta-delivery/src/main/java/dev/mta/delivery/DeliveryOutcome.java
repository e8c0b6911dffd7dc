package dev.mta.delivery;

import dev.mta.core.smtp.Reply;

import java.util.Objects;
import java.util.Optional;

/**
 * What became of one recipient in one delivery attempt. Classified by the reply code only (DESIGN.md invariant 9):
 * 2xx delivered, 4xx and every connection or DNS trouble a temporary failure, 5xx a permanent one. When no server
 * replied the reply is one the engine made ({@link DeliveryReplies}), so every outcome has a reply to log, store
 * and put in a DSN.
 */
public sealed interface DeliveryOutcome permits DeliveryOutcome.Delivered, DeliveryOutcome.TempFail,
        DeliveryOutcome.PermFail {

    /** The reply that decided the outcome, the server's or a synthesized one. */
    Reply reply();

    /** The host that gave the reply; empty when none was reached (DNS trouble, a loop, no connection). */
    Optional<Relay> relay();

    /**
     * The next hop took the message for this recipient.
     *
     * @param reply       the 2xx reply to the end of data
     * @param relay       the host that took it
     * @param dsnPassedOn whether the next hop offered DSN and so received the recipient's NOTIFY and ORCPT: it
     *                    reports from now on (RFC 3461 section 5.2.1). When false, a recipient whose NOTIFY has
     *                    SUCCESS is owed an {@code Action: relayed} DSN from us (section 5.2.2)
     */
    record Delivered(Reply reply, Optional<Relay> relay, boolean dsnPassedOn) implements DeliveryOutcome {
        public Delivered {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(relay, "relay");
            if (!reply.isPositiveCompletion()) {
                throw new IllegalArgumentException("delivered needs a 2xx reply: " + reply);
            }
        }
    }

    /**
     * Try again later.
     *
     * @param reply a 4xx reply
     * @param relay the host that gave it, if one did
     */
    record TempFail(Reply reply, Optional<Relay> relay) implements DeliveryOutcome {
        public TempFail {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(relay, "relay");
            if (!reply.isTransientFailure()) {
                throw new IllegalArgumentException("a temporary failure needs a 4xx reply: " + reply);
            }
        }
    }

    /**
     * Never try again; a bounce is due unless the sender is null or NOTIFY says otherwise.
     *
     * @param reply a 5xx reply
     * @param relay the host that gave it, if one did
     */
    record PermFail(Reply reply, Optional<Relay> relay) implements DeliveryOutcome {
        public PermFail {
            Objects.requireNonNull(reply, "reply");
            Objects.requireNonNull(relay, "relay");
            if (!reply.isPermanentFailure()) {
                throw new IllegalArgumentException("a permanent failure needs a 5xx reply: " + reply);
            }
        }
    }

    /**
     * The outcome a reply stands for: 2xx delivered, 5xx permanent, anything else temporary.
     *
     * @param dsnPassedOn for a 2xx: whether the hop offered DSN (see {@link Delivered})
     */
    static DeliveryOutcome of(Reply reply, Optional<Relay> relay, boolean dsnPassedOn) {
        if (reply.isPositiveCompletion()) {
            return new Delivered(reply, relay, dsnPassedOn);
        }
        if (reply.isPermanentFailure()) {
            return new PermFail(reply, relay);
        }
        if (reply.isTransientFailure()) {
            return new TempFail(reply, relay);
        }
        // A 3xx where a final reply was due is a protocol error; temporary, so nothing is lost for it.
        return new TempFail(DeliveryReplies.PROTOCOL_ERROR, relay);
    }

    /** The enhanced status for the log and the DSN: the reply's own, else one derived from its class. */
    default String dsn() {
        return reply().status().map(Object::toString)
                .orElse(reply().code() / 100 + ".0.0");
    }
}
