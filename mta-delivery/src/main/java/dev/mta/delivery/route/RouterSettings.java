package dev.mta.delivery.route;

import dev.mta.core.address.Domain;
import dev.mta.core.config.NextHop;
import dev.mta.core.dns.AddressOrder;
import dev.mta.delivery.DeliverySettings;
import dev.mta.delivery.client.ClientCredentials;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the router needs to know.
 *
 * @param routes     per-domain next hops, ahead of the relay host and of MX records
 * @param relayhost  where all other mail goes instead of the recipients' MX hosts, if anywhere
 * @param relayLogin the relay host's login, already read from its source; sent only over verified TLS
 * @param order      which address family to try first
 * @param mxPort     the port of MX hosts and implicit MX hosts: {@value #SMTP_PORT} (RFC 5321 section 4.5.4.2
 *                   names no other); tests give the port of a loopback server here
 */
public record RouterSettings(Map<Domain, NextHop> routes, Optional<NextHop> relayhost,
                             Optional<ClientCredentials> relayLogin, AddressOrder order, int mxPort) {

    /** The SMTP port (RFC 5321 section 4.5.4.2: the client connects to port 25 of the MX host). */
    public static final int SMTP_PORT = 25;

    public RouterSettings {
        routes = Map.copyOf(routes);
        Objects.requireNonNull(relayhost, "relayhost");
        Objects.requireNonNull(relayLogin, "relayLogin");
        Objects.requireNonNull(order, "order");
        if (mxPort < 1 || mxPort > 65535) {
            throw new IllegalArgumentException("port out of range: " + mxPort);
        }
    }

    /** From the engine's settings, MX hosts on port 25. */
    public static RouterSettings of(DeliverySettings settings, Optional<ClientCredentials> relayLogin) {
        AddressOrder order = switch (settings.addressFamily()) {
            case IPV4_FIRST -> AddressOrder.IPV4_FIRST;
            case IPV6_FIRST -> AddressOrder.IPV6_FIRST;
            case IPV4_ONLY -> AddressOrder.IPV4_ONLY;
            case IPV6_ONLY -> AddressOrder.IPV6_ONLY;
        };
        return new RouterSettings(settings.routes(), settings.relayhost().map(r -> r.nextHop()), relayLogin, order,
                SMTP_PORT);
    }

    /** The same, with MX hosts on {@code port}. */
    public RouterSettings withMxPort(int port) {
        return new RouterSettings(routes, relayhost, relayLogin, order, port);
    }
}
