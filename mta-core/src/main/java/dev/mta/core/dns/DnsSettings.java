package dev.mta.core.dns;

import dev.mta.core.config.HostAndPort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the resolver talks to the DNS: which recursive servers, how long it waits, how often it tries, and the
 * limits it puts on what it keeps. Immutable; the {@code with...} methods return changed copies.
 *
 * @param servers        recursive servers, tried in order; at least one, each an IP address (a DNS server named by
 *                       a host name would need DNS to be found)
 * @param timeout        how long to wait for one answer from one server
 * @param retries        how many more rounds over all servers after the first one (resolv.conf's attempts - 1)
 * @param cacheSize      how many answers the cache holds at most; 0 turns caching off
 * @param maxTtl         the longest a positive answer is kept, whatever its TTL says
 * @param maxNegativeTtl the longest an NXDOMAIN or no-data answer is kept (RFC 2308 section 5 suggests 1-3 hours)
 * @param maxMxHosts     MX hosts kept from one answer, the most preferred first
 * @param maxAddresses   addresses kept from one address lookup
 */
public record DnsSettings(List<InetSocketAddress> servers, Duration timeout, int retries, int cacheSize,
                          Duration maxTtl, Duration maxNegativeTtl, int maxMxHosts, int maxAddresses) {

    /** The standard place of the system's resolver configuration. */
    public static final Path RESOLV_CONF = Path.of("/etc/resolv.conf");

    /** resolv.conf(5) defaults: 5 seconds per try, 2 attempts. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 1;
    public static final int DEFAULT_CACHE_SIZE = 10_000;
    public static final Duration DEFAULT_MAX_TTL = Duration.ofDays(1);
    public static final Duration DEFAULT_MAX_NEGATIVE_TTL = Duration.ofHours(1);
    /** SECURITY.md S-19: a hostile zone may publish thousands of MX records; we look at the best few. */
    public static final int DEFAULT_MAX_MX_HOSTS = 10;
    public static final int DEFAULT_MAX_ADDRESSES = 16;

    private static final int DNS_PORT = 53;

    public DnsSettings {
        servers = List.copyOf(servers);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(maxTtl, "maxTtl");
        Objects.requireNonNull(maxNegativeTtl, "maxNegativeTtl");
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("no DNS servers");
        }
        for (InetSocketAddress server : servers) {
            if (server.isUnresolved()) {
                throw new IllegalArgumentException("a DNS server must be an IP address: " + server);
            }
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (retries < 0 || cacheSize < 0 || maxMxHosts < 1 || maxAddresses < 1) {
            throw new IllegalArgumentException("retries and cacheSize must be >= 0, the answer limits >= 1");
        }
        if (maxTtl.isNegative() || maxNegativeTtl.isNegative()) {
            throw new IllegalArgumentException("TTL caps must not be negative");
        }
    }

    /** Explicit servers ({@code 127.0.0.1:5353}, {@code [::1]:53}) with default limits. */
    public static DnsSettings ofServers(List<HostAndPort> servers) {
        List<InetSocketAddress> addresses = servers.stream().map(server -> {
            if (!server.isAddress()) {
                throw new IllegalArgumentException("a DNS server must be an IP address: " + server);
            }
            return server.toSocketAddress();
        }).toList();
        return new DnsSettings(addresses, DEFAULT_TIMEOUT, DEFAULT_RETRIES, DEFAULT_CACHE_SIZE, DEFAULT_MAX_TTL,
                DEFAULT_MAX_NEGATIVE_TTL, DEFAULT_MAX_MX_HOSTS, DEFAULT_MAX_ADDRESSES);
    }

    /**
     * The servers, timeout and attempts of a parsed resolv.conf. With no {@code nameserver} line the server on this
     * host is used, as resolv.conf(5) says.
     */
    public static DnsSettings fromResolvConf(ResolvConf conf) {
        List<InetAddress> hosts = conf.nameservers().isEmpty()
                ? List.of(InetAddress.getLoopbackAddress())
                : conf.nameservers();
        List<InetSocketAddress> servers = hosts.stream().map(a -> new InetSocketAddress(a, DNS_PORT)).toList();
        return new DnsSettings(servers, conf.timeout().orElse(DEFAULT_TIMEOUT),
                conf.attempts().orElse(DEFAULT_RETRIES + 1) - 1, DEFAULT_CACHE_SIZE, DEFAULT_MAX_TTL,
                DEFAULT_MAX_NEGATIVE_TTL, DEFAULT_MAX_MX_HOSTS, DEFAULT_MAX_ADDRESSES);
    }

    /**
     * Reads a resolv.conf file; a missing file means the defaults. Blocking file I/O: call it at start-up or
     * reload, never on an event loop.
     */
    public static DnsSettings fromResolvConf(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            text = "";
        }
        return fromResolvConf(ResolvConf.parse(text));
    }

    public DnsSettings withTimeout(Duration newTimeout) {
        return new DnsSettings(servers, newTimeout, retries, cacheSize, maxTtl, maxNegativeTtl, maxMxHosts,
                maxAddresses);
    }

    public DnsSettings withRetries(int newRetries) {
        return new DnsSettings(servers, timeout, newRetries, cacheSize, maxTtl, maxNegativeTtl, maxMxHosts,
                maxAddresses);
    }

    public DnsSettings withCacheSize(int newCacheSize) {
        return new DnsSettings(servers, timeout, retries, newCacheSize, maxTtl, maxNegativeTtl, maxMxHosts,
                maxAddresses);
    }

    public DnsSettings withTtlCaps(Duration newMaxTtl, Duration newMaxNegativeTtl) {
        return new DnsSettings(servers, timeout, retries, cacheSize, newMaxTtl, newMaxNegativeTtl, maxMxHosts,
                maxAddresses);
    }

    public DnsSettings withAnswerLimits(int newMaxMxHosts, int newMaxAddresses) {
        return new DnsSettings(servers, timeout, retries, cacheSize, maxTtl, maxNegativeTtl, newMaxMxHosts,
                newMaxAddresses);
    }
}
