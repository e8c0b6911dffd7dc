package dev.mta.delivery.route;

import dev.mta.delivery.DeliveryOutcome;
import dev.mta.delivery.client.Destination;

import java.util.List;
import java.util.Objects;

/** Where the mail for one domain goes now: hops to try in order, or the reason there are none. */
public sealed interface Route permits Route.Hops, Route.Unroutable {

    /**
     * Connect to these in order until one takes a session: most preferred MX first, each host's addresses in the
     * configured family order.
     *
     * @param hops at least one
     */
    record Hops(List<Destination> hops) implements Route {
        public Hops {
            hops = List.copyOf(hops);
            if (hops.isEmpty()) {
                throw new IllegalArgumentException("no hops: that is Unroutable");
            }
        }
    }

    /**
     * No hop can be tried: a temporary failure (DNS trouble, 4.4.3) or a permanent one (NXDOMAIN 5.1.2, null MX
     * 5.1.10, a loop 5.4.6). Never delivered.
     *
     * @param outcome the outcome for every recipient of the domain
     */
    record Unroutable(DeliveryOutcome outcome) implements Route {
        public Unroutable {
            Objects.requireNonNull(outcome, "outcome");
            if (outcome instanceof DeliveryOutcome.Delivered) {
                throw new IllegalArgumentException("an unroutable domain cannot be delivered");
            }
        }
    }
}
