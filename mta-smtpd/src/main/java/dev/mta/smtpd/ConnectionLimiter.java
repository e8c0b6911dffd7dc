package dev.mta.smtpd;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts open connections, in total and per client IP, so one client (or a flood) cannot take every session
 * (DESIGN.md defaults: 1000 and 50, Postfix anvil). Relay networks are exempt from the per-IP limit, not from the
 * total. Thread-safe: connections are accepted on several event loops.
 */
final class ConnectionLimiter {

    private final int total;
    private final int perIp;
    private final Map<InetAddress, Integer> open = new HashMap<>();
    private int count;

    ConnectionLimiter(int total, int perIp) {
        this.total = total;
        this.perIp = perIp;
    }

    /** Takes a slot for a new connection; false when a limit is reached (nothing is taken then). */
    synchronized boolean tryAcquire(InetAddress client, boolean exemptFromPerIp) {
        if (count >= total) {
            return false;
        }
        int fromClient = open.getOrDefault(client, 0);
        if (!exemptFromPerIp && fromClient >= perIp) {
            return false;
        }
        count++;
        open.put(client, fromClient + 1);
        return true;
    }

    /** Connections held now. */
    synchronized int open() {
        return count;
    }

    /** Gives back the slot of a connection that {@link #tryAcquire} admitted. */
    synchronized void release(InetAddress client) {
        count--;
        open.computeIfPresent(client, (address, n) -> n == 1 ? null : n - 1);
    }
}
