package dev.mta.delivery;

import dev.mta.delivery.client.Destination;
import dev.mta.delivery.client.SmtpConnection;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions kept open after a transaction so the next message to the same hop skips connect, greeting, EHLO and
 * TLS (RFC 5321 section 3.3; Postfix's connection cache). A session ends itself after the client's idle timeout
 * (2 s by default) with QUIT; one found closed here is dropped. Keyed by the whole {@link Destination} (address,
 * host name, TLS policy, login), so a session is never reused under a weaker policy or another login.
 * Thread-safe.
 */
public final class ConnectionCache {

    private final Map<Destination, Deque<SmtpConnection>> idle = new HashMap<>();

    /** An open idle session to {@code hop}, if there is one; it is the caller's until given back. */
    public synchronized Optional<SmtpConnection> take(Destination hop) {
        Deque<SmtpConnection> sessions = idle.get(hop);
        while (sessions != null && !sessions.isEmpty()) {
            SmtpConnection session = sessions.pollLast();
            if (session.isOpen()) {
                return Optional.of(session);
            }
        }
        idle.remove(hop);
        return Optional.empty();
    }

    /** Gives a session back for reuse; one that is no longer open is let go. */
    public synchronized void offer(Destination hop, SmtpConnection session) {
        Deque<SmtpConnection> sessions = idle.computeIfAbsent(hop, h -> new ArrayDeque<>());
        sessions.removeIf(s -> !s.isOpen());
        if (session.isOpen()) {
            sessions.addLast(session);
        }
        if (sessions.isEmpty()) {
            idle.remove(hop);
        }
    }

    /** Ends every idle session with QUIT, e.g. at shutdown. */
    public void quitAll() {
        Deque<SmtpConnection> all = new ArrayDeque<>();
        synchronized (this) {
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        all.forEach(SmtpConnection::quit);
    }

    /** How many idle sessions are kept; for tests and metrics. */
    public synchronized int size() {
        return idle.values().stream().mapToInt(Deque::size).sum();
    }
}
