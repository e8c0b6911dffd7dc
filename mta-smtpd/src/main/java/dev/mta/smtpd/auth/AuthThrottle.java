package dev.mta.smtpd.auth;

import dev.mta.core.smtp.Reply;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Limits password guessing per client address across all its connections, as Postfix's anvil
 * ({@code smtpd_client_auth_rate_limit}) does: after {@code maxFailures} failed logins within the sliding
 * {@code window} the client is refused for {@code lockout}, whatever it sends, a correct password included, so
 * the lock is no oracle (SECURITY.md S-12). Relay networks are not exempt (DESIGN.md): a compromised host there
 * must not guess passwords faster. A successful login does not clear the count, or one valid account would
 * let its owner guess others' passwords without limit.
 *
 * <p>The refusal is {@code 454 4.7.0} ({@link AuthReplies#TOO_MANY_FAILURES}), not {@code 421 4.7.0} and close:
 * 454 is what RFC 4954 section 6 defines for a temporary AUTH failure, a legitimate mail program then reports
 * "try later" instead of asking its user for a new password, and closing gains nothing since the lock holds
 * across connections anyway. The session's own error limit still closes a client that keeps trying.
 *
 * <p>Use: {@link #tryAcquire} before a password check (false: answer {@link #refusal()} without checking),
 * then exactly one of {@link #succeeded} or {@link #failed}. Attempts in progress count against the limit,
 * so parallel connections cannot slip more than {@code maxFailures} guesses past it.
 *
 * <p>Clients are keyed by IPv4 address, and by /64 prefix for IPv6: one IPv6 host usually has a whole /64 and
 * could otherwise guess from 2^64 addresses. Memory is bounded: at most {@code maxClients} entries of a few
 * dozen bytes; entries expire once their failures left the window and their lock ended, and when the table
 * is full of live entries the least recently seen one is dropped. That lets an attacker with more addresses
 * than {@code maxClients} evict a lock, but such an attacker can already guess from every address.
 *
 * <p>Thread-safe: one lock around the table; the work under it is a few comparisons. Time comes from the
 * injected {@link Clock}.
 */
public final class AuthThrottle {

    private final AuthThrottleSettings settings;
    private final Clock clock;
    private final long windowMillis;
    private final long lockoutMillis;
    private final LinkedHashMap<ClientKey, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);
    private final AtomicLong failures = new AtomicLong();

    public AuthThrottle(AuthThrottleSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowMillis = settings.window().toMillis();
        this.lockoutMillis = settings.lockout().toMillis();
    }

    /** The reply for a client that is locked out. */
    public Reply refusal() {
        return AuthReplies.TOO_MANY_FAILURES;
    }

    /** How long the session waits before it writes a failure or refusal reply. */
    public Duration failureDelay() {
        return settings.failureDelay();
    }

    /**
     * Starts an attempt: true when the client may have its password checked now; false when it is locked out
     * or already has as many failures and attempts in progress as the limit allows.
     */
    public boolean tryAcquire(InetAddress client) {
        ClientKey key = ClientKey.of(client);
        long now = clock.millis();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && entry.expired(now, windowMillis)) {
                entries.remove(key);
                entry = null;
            }
            if (entry == null) {
                entry = new Entry(settings.maxFailures());
                put(key, entry, now);
            }
            if (entry.lockedUntil > now) {
                return false;
            }
            entry.prune(now, windowMillis);
            if (entry.failures + entry.inFlight >= settings.maxFailures()) {
                return false;
            }
            entry.inFlight++;
            return true;
        }
    }

    /** Ends an attempt that logged in. */
    public void succeeded(InetAddress client) {
        ClientKey key = ClientKey.of(client);
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry != null && entry.inFlight > 0) {
                entry.inFlight--;
            }
        }
    }

    /** Ends an attempt that failed; the failure that reaches the limit starts the lockout. */
    public void failed(InetAddress client) {
        count(client, true);
    }

    /**
     * Counts a failure that had no {@link #tryAcquire} before it: credentials refused without a password check
     * (a PLAIN authorization identity that is not the user, an empty password), which are guesses too.
     */
    public void recordFailure(InetAddress client) {
        count(client, false);
    }

    /** Failures counted since this throttle was made, of every client and kind; for metrics. */
    public long failures() {
        return failures.get();
    }

    private void count(InetAddress client, boolean release) {
        failures.incrementAndGet();
        ClientKey key = ClientKey.of(client);
        long now = clock.millis();
        synchronized (entries) {
            Entry entry = entries.get(key);
            if (entry == null) {
                // New, or dropped from a full table while the check ran: count the failure in a new entry.
                entry = new Entry(settings.maxFailures());
                put(key, entry, now);
            } else if (release && entry.inFlight > 0) {
                entry.inFlight--;
            }
            entry.prune(now, windowMillis);
            entry.add(now);
            if (entry.failures >= settings.maxFailures()) {
                entry.lockedUntil = now + lockoutMillis;
                entry.clear();
            }
        }
    }

    /** Whether the client is locked out now (for logs and tests). */
    public boolean isLockedOut(InetAddress client) {
        ClientKey key = ClientKey.of(client);
        long now = clock.millis();
        synchronized (entries) {
            Entry entry = entries.get(key);
            return entry != null && entry.lockedUntil > now;
        }
    }

    /** How many clients the table holds now (for tests of the bound). */
    public int trackedClients() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Adds an entry, first dropping expired ones from the old end and, if still full, the least recently seen. */
    private void put(ClientKey key, Entry entry, long now) {
        Iterator<Map.Entry<ClientKey, Entry>> oldest = entries.entrySet().iterator();
        while (oldest.hasNext()) {
            Entry candidate = oldest.next().getValue();
            if (candidate.expired(now, windowMillis)) {
                oldest.remove();
            } else if (entries.size() >= settings.maxClients()) {
                oldest.remove();
            } else {
                break;
            }
        }
        entries.put(key, entry);
    }

    /** The client as the throttle counts it: an IPv4 address, or the /64 prefix of an IPv6 address. */
    private record ClientKey(byte[] octets) {
        static ClientKey of(InetAddress address) {
            byte[] octets = address.getAddress();
            return new ClientKey(address instanceof Inet6Address ? Arrays.copyOf(octets, 8) : octets);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ClientKey other && Arrays.equals(octets, other.octets);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(octets);
        }

        @Override
        public String toString() {
            return Arrays.toString(octets);
        }
    }

    /** One client's recent failures (a ring of times), lock and attempts in progress; guarded by the table. */
    private static final class Entry {
        private final long[] times;
        private int first;
        private int failures;
        private int inFlight;
        private long lockedUntil;

        Entry(int capacity) {
            times = new long[capacity];
        }

        void prune(long now, long window) {
            while (failures > 0 && times[first] <= now - window) {
                first = (first + 1) % times.length;
                failures--;
            }
        }

        void add(long now) {
            if (failures == times.length) {
                first = (first + 1) % times.length;
                failures--;
            }
            times[(first + failures) % times.length] = now;
            failures++;
        }

        void clear() {
            first = 0;
            failures = 0;
        }

        boolean expired(long now, long window) {
            if (inFlight > 0 || lockedUntil > now) {
                return false;
            }
            return failures == 0 || times[(first + failures - 1) % times.length] <= now - window;
        }
    }
}
