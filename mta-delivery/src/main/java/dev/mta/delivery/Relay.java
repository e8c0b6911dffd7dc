package dev.mta.delivery;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The host a delivery attempt talked to, as the log line and the DSN's {@code Remote-MTA} name it.
 *
 * @param hostName the MX, route or relay host name (or the address text for an IP literal)
 * @param address  the address and port connected to
 */
public record Relay(String hostName, InetSocketAddress address) {

    public Relay {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(address, "address");
    }

    /** Postfix's form, {@code host[ip]:port}, which log parsers already understand. */
    @Override
    public String toString() {
        return hostName + "[" + address.getAddress().getHostAddress() + "]:" + address.getPort();
    }
}
