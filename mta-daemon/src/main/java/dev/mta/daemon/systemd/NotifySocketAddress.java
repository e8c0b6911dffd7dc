package dev.mta.daemon.systemd;

import io.netty.channel.unix.DomainSocketAddress;

import java.util.Optional;

/**
 * Reads {@code $NOTIFY_SOCKET}: an absolute path of a Unix datagram socket, or {@code @name} for a socket in
 * Linux's abstract namespace, where the name starts with a NUL byte instead of the {@code @} (sd_notify(3)).
 * Netty's native address code takes the length from the name, so a leading NUL reaches the kernel intact.
 */
final class NotifySocketAddress {

    private NotifySocketAddress() {
    }

    /**
     * @param value the variable's value, or null when it is not set
     * @return the address to send to; empty when the value is unset, empty, or a kind we do not speak (systemd
     *         254 added {@code vsock:} addresses for virtual machines, which a mail server does not run under)
     */
    static Optional<DomainSocketAddress> parse(String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.startsWith("/")) {
            return Optional.of(new DomainSocketAddress(value));
        }
        if (value.startsWith("@") && value.length() > 1) {
            return Optional.of(new DomainSocketAddress("\0" + value.substring(1)));
        }
        return Optional.empty();
    }
}
