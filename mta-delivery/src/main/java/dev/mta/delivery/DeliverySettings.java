package dev.mta.delivery;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.config.NextHop;

import java.net.InetAddress;
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
 * @param sourceAddress    the local address outbound connections come from, when the host has several (the one
 *                         its PTR record and SPF name); empty: the system chooses
 */
public record DeliverySettings(RetrySettings retry, Optional<RelayhostSettings> relayhost, Map<Domain, NextHop> routes,
                               AddressFamilyPreference addressFamily, Optional<Mailbox> postmasterNotice,
                               Optional<InetAddress> sourceAddress) {

    public DeliverySettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(relayhost, "relayhost");
        routes = Map.copyOf(routes);
        Objects.requireNonNull(addressFamily, "addressFamily");
        Objects.requireNonNull(postmasterNotice, "postmasterNotice");
        Objects.requireNonNull(sourceAddress, "sourceAddress");
    }

    /** With the system choosing the source address. */
    public DeliverySettings(RetrySettings retry, Optional<RelayhostSettings> relayhost, Map<Domain, NextHop> routes,
                            AddressFamilyPreference addressFamily, Optional<Mailbox> postmasterNotice) {
        this(retry, relayhost, routes, addressFamily, postmasterNotice, Optional.empty());
    }
}
