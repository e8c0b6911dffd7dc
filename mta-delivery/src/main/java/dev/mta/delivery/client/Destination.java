package dev.mta.delivery.client;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one connection goes: an address already resolved by the caller (the client does no DNS), the host name the
 * address belongs to (for certificate checks under {@link TlsPolicy#VERIFY} and for SNI), the TLS policy, and the
 * login, if this is a relay host that wants one.
 *
 * @param address  the IP address and port to connect to; not unresolved
 * @param hostName the MX or relay host name, ASCII (A-labels)
 * @param tls      how to use STARTTLS
 * @param login    the AUTH login, sent only under {@link TlsPolicy#VERIFY}
 */
public record Destination(InetSocketAddress address, String hostName, TlsPolicy tls, Optional<ClientCredentials> login) {

    public Destination {
        Objects.requireNonNull(address, "address");
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("the client does no DNS; give an IP address: " + address);
        }
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(login, "login");
    }

    /** An MX host: opportunistic TLS, no login. */
    public static Destination mx(InetSocketAddress address, String hostName) {
        return new Destination(address, hostName, TlsPolicy.OPPORTUNISTIC, Optional.empty());
    }
}
