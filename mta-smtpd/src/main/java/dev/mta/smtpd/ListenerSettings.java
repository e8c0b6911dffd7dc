package dev.mta.smtpd;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One listening socket.
 *
 * @param name    the configuration name of the listener, used in logs
 * @param address where to bind; port 0 picks a free port (tests)
 * @param role    what the listener is for
 */
public record ListenerSettings(String name, InetSocketAddress address, ListenerRole role) {

    public ListenerSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
    }
}
