package dev.mta.delivery.route;

import dev.mta.core.address.AddressLiteral;
import dev.mta.core.address.Domain;
import dev.mta.core.address.MailHost;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.NextHop;
import dev.mta.core.dns.DnsResolver;
import dev.mta.core.dns.DnsResult;
import dev.mta.core.dns.MxHost;
import dev.mta.delivery.DeliveryOutcome;
import dev.mta.delivery.DeliveryReplies;
import dev.mta.delivery.client.ClientCredentials;
import dev.mta.delivery.client.Destination;
import dev.mta.delivery.client.TlsPolicy;
import dev.mta.core.smtp.Reply;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Finds the hops for a recipient domain, in this order of precedence:
 * <ol>
 *   <li>a per-domain route, then the relay host: {@code [host]:port} connects to that host's addresses with no
 *       MX lookup (a host named so explicitly is never taken for a loop); {@code host:port} looks up the MX
 *       records of {@code host};</li>
 *   <li>otherwise the domain's MX records on port 25 (RFC 5321 section 5.1): most preferred first, hosts of
 *       equal preference in random order; no MX records: the domain's own addresses (the implicit MX); a null MX
 *       (RFC 7505): fail 5.1.10 without connecting; NXDOMAIN: fail 5.1.2; SERVFAIL or a timeout: defer 4.4.3,
 *       never bounce (DESIGN.md invariant 9).</li>
 * </ol>
 * An MX that is our own host name, or has an address one of our listeners takes mail on, is us: only more
 * preferred hosts are tried (RFC 5321 section 5.1), and if there are none the mail loops and fails 5.4.6. An
 * MX host without addresses is skipped; if no host has any, the domain is deferred 4.4.3.
 *
 * <p>All work runs in the resolver's stages, never on the caller's thread. Never completes exceptionally.
 */
public final class Router {

    private final DnsResolver dns;
    private final RouterSettings settings;
    private final LocalHost self;
    private final Random random;

    /**
     * @param dns      the resolver
     * @param settings routes, relay host, address order, MX port
     * @param self     our host name and listener addresses, for the loop check
     * @param random   orders MX hosts of equal preference; tests pass a seeded one
     */
    public Router(DnsResolver dns, RouterSettings settings, LocalHost self, Random random) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.self = Objects.requireNonNull(self, "self");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The route for mail to {@code host}, the part of a recipient address after the {@code @}. */
    public CompletionStage<Route> route(MailHost host) {
        CompletionStage<Route> route;
        try {
            route = host instanceof AddressLiteral literal
                    ? CompletableFuture.completedFuture(literal(literal))
                    : route((Domain) host);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(temporary(DeliveryReplies.LOCAL_ERROR));
        }
        return route.exceptionally(e -> temporary(DeliveryReplies.LOCAL_ERROR));
    }

    private CompletionStage<Route> route(Domain domain) {
        NextHop configured = settings.routes().get(domain);
        boolean relay = false;
        if (configured == null && settings.relayhost().isPresent()) {
            configured = settings.relayhost().get();
            relay = true;
        }
        if (configured == null) {
            return viaMx(domain, domain, settings.mxPort(), TlsPolicy.OPPORTUNISTIC, Optional.empty(), null);
        }
        // A relay host with a login gets verified TLS, since AUTH is never sent otherwise (S-05).
        Optional<ClientCredentials> login = relay ? settings.relayLogin() : Optional.empty();
        TlsPolicy tls = login.isPresent() ? TlsPolicy.VERIFY : TlsPolicy.OPPORTUNISTIC;
        String host = configured.destination().host();
        int port = configured.destination().port();
        if (configured.mxLookup()) {
            return viaMx(domain, DomainNames.parse(host), port, tls, login, host);
        }
        return explicitHost(host, port, tls, login, configured);
    }

    private Route literal(AddressLiteral literal) {
        InetAddress address = literal.address();
        if (self.isOurAddress(address)) {
            return permanent(DeliveryReplies.loop(literal.ascii()));
        }
        return new Route.Hops(List.of(Destination.mx(new InetSocketAddress(address, settings.mxPort()),
                address.getHostAddress())));
    }

    /** A host named in brackets: its own addresses, no MX lookup, no loop check (the operator chose it). */
    private CompletionStage<Route> explicitHost(String host, int port, TlsPolicy tls,
                                               Optional<ClientCredentials> login, NextHop configured) {
        Optional<InetAddress> literal = configured.destination().address();
        if (literal.isPresent()) {
            return CompletableFuture.completedFuture(new Route.Hops(List.of(
                    new Destination(new InetSocketAddress(literal.get(), port), host, tls, login))));
        }
        return dns.addresses(host, settings.order()).thenApply(result -> {
            if (result instanceof DnsResult.Records<InetAddress> found) {
                return new Route.Hops(found.records().stream()
                        .map(a -> new Destination(new InetSocketAddress(a, port), host, tls, login)).toList());
            }
            // A configured host that does not resolve is a configuration or DNS problem: defer, never bounce.
            return temporary(DeliveryReplies.DNS_TEMPFAIL);
        });
    }

    private CompletionStage<Route> viaMx(Domain domain, Domain lookup, int port, TlsPolicy tls,
                                         Optional<ClientCredentials> login, String namedHost) {
        return dns.mx(lookup).thenCompose(result -> {
            if (result instanceof DnsResult.Records<MxHost> found) {
                return hosts(domain, shuffleEqualPreferences(found.records()), false, port, tls, login, namedHost);
            }
            if (result instanceof DnsResult.NoData<MxHost>) {
                // RFC 5321 section 5.1: no MX records, the domain itself is the implicit MX, preference 0.
                return hosts(domain, List.of(new MxHost(0, lookup)), true, port, tls, login, namedHost);
            }
            if (result instanceof DnsResult.NxDomain<MxHost>) {
                return done(permanent(DeliveryReplies.NO_SUCH_DOMAIN));
            }
            if (result instanceof DnsResult.NullMx<MxHost>) {
                return done(permanent(DeliveryReplies.NULL_MX));
            }
            return done(temporary(DeliveryReplies.DNS_TEMPFAIL));
        });
    }

    /** Sorted by preference; hosts of equal preference in random order (RFC 5321 section 5.1). */
    private List<MxHost> shuffleEqualPreferences(List<MxHost> records) {
        List<MxHost> sorted = new ArrayList<>(records);
        sorted.sort(Comparator.comparingInt(MxHost::preference));
        int start = 0;
        while (start < sorted.size()) {
            int end = start;
            while (end < sorted.size() && sorted.get(end).preference() == sorted.get(start).preference()) {
                end++;
            }
            Collections.shuffle(sorted.subList(start, end), random);
            start = end;
        }
        return sorted;
    }

    private CompletionStage<Route> hosts(Domain domain, List<MxHost> hosts, boolean implicit, int port,
                                         TlsPolicy tls, Optional<ClientCredentials> login, String namedHost) {
        List<CompletableFuture<DnsResult<InetAddress>>> lookups = hosts.stream()
                .map(h -> dns.addresses(h.host().ascii(), settings.order()).toCompletableFuture()
                        .exceptionally(e -> new DnsResult.TempFail<>(String.valueOf(e))))
                .toList();
        return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<List<InetAddress>> addresses = lookups.stream().map(CompletableFuture::join)
                    .map(r -> r instanceof DnsResult.Records<InetAddress> found ? found.records()
                            : List.<InetAddress>of())
                    .toList();
            // Where we are in the list: the lowest preference that is us, by name or by address.
            int ours = Integer.MAX_VALUE;
            for (int i = 0; i < hosts.size(); i++) {
                MxHost host = hosts.get(i);
                boolean named = namedHost != null && host.host().ascii().equalsIgnoreCase(namedHost);
                if (!named && (self.isOurName(host.host().ascii())
                        || addresses.get(i).stream().anyMatch(self::isOurAddress))) {
                    ours = Math.min(ours, host.preference());
                }
            }
            List<Destination> hops = new ArrayList<>();
            boolean anyCandidate = false;
            for (int i = 0; i < hosts.size(); i++) {
                MxHost host = hosts.get(i);
                if (host.preference() >= ours) {
                    continue;
                }
                anyCandidate = true;
                for (InetAddress address : addresses.get(i)) {
                    hops.add(new Destination(new InetSocketAddress(address, port), host.host().ascii(), tls, login));
                }
            }
            if (!anyCandidate && ours != Integer.MAX_VALUE) {
                return permanent(DeliveryReplies.loop(domain.ascii()));
            }
            if (!hops.isEmpty()) {
                return new Route.Hops(hops);
            }
            boolean noSuchHost = lookups.get(0).join() instanceof DnsResult.NxDomain<InetAddress>
                    || lookups.get(0).join() instanceof DnsResult.NoData<InetAddress>;
            // Neither MX nor address records: nothing to deliver to. An MX host that does not resolve defers.
            return implicit && noSuchHost ? permanent(DeliveryReplies.NO_ROUTE)
                    : temporary(DeliveryReplies.DNS_TEMPFAIL);
        });
    }

    private static CompletionStage<Route> done(Route route) {
        return CompletableFuture.completedFuture(route);
    }

    private static Route temporary(Reply reply) {
        return new Route.Unroutable(new DeliveryOutcome.TempFail(reply, Optional.empty()));
    }

    private static Route permanent(Reply reply) {
        return new Route.Unroutable(new DeliveryOutcome.PermFail(reply, Optional.empty()));
    }
}
