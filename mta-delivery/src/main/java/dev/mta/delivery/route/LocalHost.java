package dev.mta.delivery.route;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who we are, for the loop check (DESIGN.md, "Replies that are easy to get wrong"): our host name, and the
 * addresses our SMTP listeners accept mail on. An MX that is either is us.
 *
 * @param hostName     our host name (the EHLO name), compared without case
 * @param localAddress whether an address reaches one of our listeners
 */
public record LocalHost(String hostName, Predicate<InetAddress> localAddress) {

    public LocalHost {
        Objects.requireNonNull(hostName, "hostName");
        Objects.requireNonNull(localAddress, "localAddress");
        hostName = stripDot(hostName).toLowerCase(Locale.ROOT);
    }

    /**
     * From the addresses the listeners are bound to. A wildcard listener ({@code 0.0.0.0} or {@code ::}) takes mail
     * on every address of this machine, so every interface address counts (read once, here: call this at start
     * and on reload, not per message).
     *
     * @throws SocketException when the interfaces cannot be listed
     */
    public static LocalHost ofListeners(String hostName, Collection<InetSocketAddress> listeners)
            throws SocketException {
        Set<InetAddress> addresses = new HashSet<>();
        boolean wildcard = false;
        for (InetSocketAddress listener : listeners) {
            if (listener.getAddress().isAnyLocalAddress()) {
                wildcard = true;
            } else {
                addresses.add(listener.getAddress());
            }
        }
        if (wildcard) {
            for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
                nic.inetAddresses().forEach(addresses::add);
            }
        }
        Set<InetAddress> frozen = Set.copyOf(addresses);
        return new LocalHost(hostName, frozen::contains);
    }

    /** Whether {@code name} (an MX host name) is our own host name. */
    public boolean isOurName(String name) {
        return hostName.equals(stripDot(name).toLowerCase(Locale.ROOT));
    }

    /** Whether mail sent to {@code address} would reach one of our listeners. */
    public boolean isOurAddress(InetAddress address) {
        return localAddress.test(address);
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
