package dev.mta.delivery;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.config.NextHop;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How the delivery engine is configured. Built by the daemon's configuration binder.
 *
 * @param retry            when to try a deferred recipient again
 * @param relayhost        where to send all outbound mail instead of the recipients' MX hosts, if anywhere
 * @param routes           per-domain next hops, taking precedence over the relay host and over MX records
 * @param addressFamily    which address family to try first when a host has both
 * @param postmasterNotice who gets the short notice when a bounce cannot be delivered (DESIGN.md, invariant 6);
 *                         empty when such notices are switched off
 */
public record DeliverySettings(RetrySettings retry, Optional<RelayhostSettings> relayhost, Map<Domain, NextHop> routes,
                               AddressFamilyPreference addressFamily, Optional<Mailbox> postmasterNotice) {

    public DeliverySettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(relayhost, "relayhost");
        routes = Map.copyOf(routes);
        Objects.requireNonNull(addressFamily, "addressFamily");
        Objects.requireNonNull(postmasterNotice, "postmasterNotice");
    }
}
