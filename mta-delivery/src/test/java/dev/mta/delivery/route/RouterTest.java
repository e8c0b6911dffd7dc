package dev.mta.delivery.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mta.core.address.AddressLiteral;
import dev.mta.core.address.Domain;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.IpAddresses;
import dev.mta.core.config.NextHop;
import dev.mta.core.config.Secret;
import dev.mta.core.dns.AddressOrder;
import dev.mta.core.dns.DnsResolver;
import dev.mta.core.dns.DnsSettings;
import dev.mta.delivery.DeliveryOutcome;
import dev.mta.delivery.client.ClientCredentials;
import dev.mta.delivery.client.Destination;
import dev.mta.delivery.client.TlsPolicy;
import dev.mta.testkit.Stages;
import dev.mta.testkit.dns.LoopbackDnsServer;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The router against a real DNS server on loopback. */
class RouterTest {

    private static final String SELF = "mx.self.test";
    private static final int PORT = 2525;

    private LoopbackDnsServer dns;
    private ExecutorService executor;
    private DnsResolver resolver;
    private Set<InetAddress> local;

    @BeforeEach
    void start() throws IOException {
        dns = LoopbackDnsServer.start();
        executor = Executors.newFixedThreadPool(2);
        resolver = new DnsResolver(DnsSettings.ofServers(List.of(dns.hostAndPort()))
                .withTimeout(Duration.ofMillis(300)).withRetries(0).withCacheSize(0), executor, Clock.systemUTC());
        local = new HashSet<>(Set.of(ip("192.0.2.250")));
    }

    @AfterEach
    void stop() {
        dns.close();
        executor.shutdownNow();
    }

    private static InetAddress ip(String text) {
        return IpAddresses.parse(text);
    }

    private static Domain domain(String name) {
        return DomainNames.parse(name);
    }

    private Router router(RouterSettings settings, long seed) {
        return new Router(resolver, settings, new LocalHost(SELF, local::contains), new Random(seed));
    }

    private static RouterSettings plain() {
        return new RouterSettings(Map.of(), Optional.empty(), Optional.empty(), AddressOrder.IPV4_FIRST, PORT);
    }

    private Route route(RouterSettings settings, String domain) {
        return Stages.await(router(settings, 1).route(domain(domain)));
    }

    private static List<String> hops(Route route) {
        return assertInstanceOf(Route.Hops.class, route, route::toString).hops().stream()
                .map(d -> d.hostName() + "/" + d.address().getAddress().getHostAddress() + ":" + d.address().getPort())
                .toList();
    }

    private static String failure(Route route, Class<? extends DeliveryOutcome> kind) {
        DeliveryOutcome outcome = assertInstanceOf(Route.Unroutable.class, route, route::toString).outcome();
        assertInstanceOf(kind, outcome);
        return outcome.reply().toString();
    }

    @Test
    void mxRecordsByPreferenceEqualOnesShuffled() {
        dns.mx("example.test", 20, "mx3.example.test").mx("example.test", 10, "mx1.example.test")
                .mx("example.test", 10, "mx2.example.test")
                .a("mx1.example.test", "192.0.2.1").a("mx2.example.test", "192.0.2.2").a("mx3.example.test", "192.0.2.3");
        Set<List<String>> orders = new HashSet<>();
        // java.util.Random's first draw is alike for small consecutive seeds, so the seeds come from a Random.
        Random seeds = new Random(20261125);
        for (int i = 0; i < 16; i++) {
            List<String> hops = hops(Stages.await(router(plain(), seeds.nextLong()).route(domain("example.test"))));
            assertEquals(3, hops.size());
            assertEquals("mx3.example.test/192.0.2.3:2525", hops.get(2), "least preferred last");
            orders.add(hops.subList(0, 2));
        }
        assertEquals(Set.of(
                List.of("mx1.example.test/192.0.2.1:2525", "mx2.example.test/192.0.2.2:2525"),
                List.of("mx2.example.test/192.0.2.2:2525", "mx1.example.test/192.0.2.1:2525")), orders,
                "both orders of the equal-preference hosts occur");
    }

    @Test
    void sameSeedSameOrder() {
        dns.mx("example.test", 10, "mx1.example.test").mx("example.test", 10, "mx2.example.test")
                .a("mx1.example.test", "192.0.2.1").a("mx2.example.test", "192.0.2.2");
        assertEquals(hops(Stages.await(router(plain(), 5).route(domain("example.test")))),
                hops(Stages.await(router(plain(), 5).route(domain("example.test")))));
    }

    @Test
    void implicitMxWhenNoMxRecords() {
        dns.a("example.test", "192.0.2.9");
        assertEquals(List.of("example.test/192.0.2.9:2525"), hops(route(plain(), "example.test")));
    }

    @Test
    void ipv4FirstByDefaultIpv6FirstWhenAsked() {
        dns.mx("example.test", 10, "mx.example.test").a("mx.example.test", "192.0.2.1")
                .aaaa("mx.example.test", "2001:db8::1");
        assertEquals(List.of("mx.example.test/192.0.2.1:2525", "mx.example.test/2001:db8:0:0:0:0:0:1:2525"),
                hops(route(plain(), "example.test")));
        RouterSettings v6 = new RouterSettings(Map.of(), Optional.empty(), Optional.empty(), AddressOrder.IPV6_FIRST,
                PORT);
        assertEquals(List.of("mx.example.test/2001:db8:0:0:0:0:0:1:2525", "mx.example.test/192.0.2.1:2525"),
                hops(route(v6, "example.test")));
    }

    @Test
    void nullMxFailsPermanentlyWithoutAddressLookups() {
        dns.nullMx("example.test").a("example.test", "192.0.2.9");
        assertEquals("556 5.1.10 Recipient domain does not accept mail (null MX)",
                failure(route(plain(), "example.test"), DeliveryOutcome.PermFail.class));
        assertEquals(1, dns.queries("example.test"), "only the MX query, no A/AAAA fallback");
    }

    @Test
    void nxdomainFailsPermanently() {
        dns.nxdomain("nowhere.test");
        assertTrue(failure(route(plain(), "nowhere.test"), DeliveryOutcome.PermFail.class).startsWith("550 5.1.2 "));
    }

    @Test
    void neitherMxNorAddressFailsPermanently() {
        dns.txt("example.test", "v=spf1 -all");
        assertTrue(failure(route(plain(), "example.test"), DeliveryOutcome.PermFail.class).startsWith("550 5.4.4 "));
    }

    @Test
    void servfailDefersNeverBounces() {
        dns.servfail("example.test");
        assertTrue(failure(route(plain(), "example.test"), DeliveryOutcome.TempFail.class).startsWith("451 4.4.3 "));
    }

    @Test
    void timeoutDefers() {
        dns.drop("example.test");
        assertTrue(failure(route(plain(), "example.test"), DeliveryOutcome.TempFail.class).startsWith("451 4.4.3 "));
    }

    @Test
    void mxHostWithoutAddressesIsSkippedAndDefersWhenNoneLeft() {
        dns.mx("example.test", 10, "gone.example.test").mx("example.test", 20, "mx.example.test")
                .nxdomain("gone.example.test").a("mx.example.test", "192.0.2.1");
        assertEquals(List.of("mx.example.test/192.0.2.1:2525"), hops(route(plain(), "example.test")));
        dns.servfail("mx.example.test");
        assertTrue(failure(route(plain(), "example.test"), DeliveryOutcome.TempFail.class).startsWith("451 4.4.3 "));
    }

    @Test
    void mxThatIsOurHostNameLoops() {
        dns.mx("example.test", 10, SELF).a(SELF, "192.0.2.77");
        assertEquals("554 5.4.6 mail for example.test loops back to myself",
                failure(route(plain(), "example.test"), DeliveryOutcome.PermFail.class));
    }

    @Test
    void mxWithOurListenerAddressLoopsButOtherLoopbackAddressesAreOrdinary() {
        local.add(ip("127.0.0.1"));
        dns.mx("loop.test", 10, "mx.loop.test").a("mx.loop.test", "127.0.0.1");
        dns.mx("other.test", 10, "mx.other.test").a("mx.other.test", "127.0.0.2");
        assertTrue(failure(route(plain(), "loop.test"), DeliveryOutcome.PermFail.class).startsWith("554 5.4.6 "));
        assertEquals(List.of("mx.other.test/127.0.0.2:2525"), hops(route(plain(), "other.test")));
    }

    @Test
    void whenWeAreInTheMxListOnlyMorePreferredHostsAreTried() {
        dns.mx("backup.test", 10, "primary.test").mx("backup.test", 20, SELF).mx("backup.test", 30, "worse.test")
                .a("primary.test", "192.0.2.1").a(SELF, "192.0.2.250").a("worse.test", "192.0.2.3");
        assertEquals(List.of("primary.test/192.0.2.1:2525"), hops(route(plain(), "backup.test")));

        dns.mx("primary.test", 10, "us-by-address.test").mx("primary.test", 20, "worse.test")
                .a("us-by-address.test", "192.0.2.250");
        assertTrue(failure(route(plain(), "primary.test"), DeliveryOutcome.PermFail.class).startsWith("554 5.4.6 "),
                "we are the most preferred: nothing better to try");
    }

    @Test
    void routeNamingOurHostExplicitlyIsNoLoop() {
        local.add(ip("127.0.0.1"));
        dns.a(SELF, "127.0.0.1");
        RouterSettings settings = new RouterSettings(Map.of(
                domain("local.test"), NextHop.parse("[" + SELF + "]:2526"),
                domain("literal.test"), NextHop.parse("[127.0.0.1]:2527")),
                Optional.empty(), Optional.empty(), AddressOrder.IPV4_FIRST, PORT);
        assertEquals(List.of(SELF + "/127.0.0.1:2526"), hops(route(settings, "local.test")));
        assertEquals(List.of("127.0.0.1/127.0.0.1:2527"), hops(route(settings, "literal.test")));
        assertEquals(0, dns.queries("local.test"), "no MX lookup for a bracketed route");
    }

    @Test
    void routeWithoutBracketsLooksUpMxOfTheRouteHost() {
        dns.mx("hub.test", 10, "mx.hub.test").a("mx.hub.test", "192.0.2.5");
        RouterSettings settings = new RouterSettings(Map.of(domain("example.test"), NextHop.parse("hub.test:2600")),
                Optional.empty(), Optional.empty(), AddressOrder.IPV4_FIRST, PORT);
        assertEquals(List.of("mx.hub.test/192.0.2.5:2600"), hops(route(settings, "example.test")));
    }

    @Test
    void relayhostTakesEverythingWithoutARouteWithVerifiedTlsForALogin() {
        dns.a("relay.test", "192.0.2.40");
        ClientCredentials login = new ClientCredentials("user", new Secret("pw"));
        RouterSettings settings = new RouterSettings(
                Map.of(domain("routed.test"), NextHop.parse("[192.0.2.41]:25")),
                Optional.of(NextHop.parse("[relay.test]:587")), Optional.of(login), AddressOrder.IPV4_FIRST, PORT);
        Route relayed = route(settings, "anywhere.test");
        Destination hop = assertInstanceOf(Route.Hops.class, relayed).hops().get(0);
        assertEquals("relay.test/192.0.2.40:587", hops(relayed).get(0));
        assertEquals(TlsPolicy.VERIFY, hop.tls());
        assertEquals(Optional.of(login), hop.login());
        assertEquals(0, dns.queries("anywhere.test"), "no MX lookup for relayed mail");

        Destination routed = assertInstanceOf(Route.Hops.class, route(settings, "routed.test")).hops().get(0);
        assertEquals("192.0.2.41", routed.address().getAddress().getHostAddress());
        assertEquals(Optional.empty(), routed.login(), "the relay login never goes to another host");
    }

    @Test
    void relayhostThatDoesNotResolveDefers() {
        dns.nxdomain("relay.test");
        RouterSettings settings = new RouterSettings(Map.of(), Optional.of(NextHop.parse("[relay.test]:587")),
                Optional.empty(), AddressOrder.IPV4_FIRST, PORT);
        assertTrue(failure(route(settings, "example.test"), DeliveryOutcome.TempFail.class).startsWith("451 4.4.3 "));
    }

    @Test
    void addressLiteralRecipient() {
        Route route = Stages.await(router(plain(), 1).route(new AddressLiteral(ip("192.0.2.60"))));
        assertEquals(List.of("192.0.2.60/192.0.2.60:2525"), hops(route));
        Route loop = Stages.await(router(plain(), 1).route(new AddressLiteral(ip("192.0.2.250"))));
        assertTrue(failure(loop, DeliveryOutcome.PermFail.class).startsWith("554 5.4.6 "));
    }

    @Test
    void oversizedMxSetIsCapped() {
        for (int i = 0; i < 30; i++) {
            dns.mx("big.test", i, "mx" + i + ".big.test").a("mx" + i + ".big.test", "192.0.2." + (i + 1));
        }
        List<String> hops = hops(route(plain(), "big.test"));
        assertEquals(DnsSettings.DEFAULT_MAX_MX_HOSTS, hops.size(), hops::toString);
        assertEquals("mx0.big.test/192.0.2.1:2525", hops.get(0), "the most preferred are kept");
    }

    @Test
    void mxNamingAnIpAddressIsNeverConnectedTo() {
        // S-19: an MX exchange must be a host name (RFC 5321 section 5.1); an address in its place is not used.
        dns.mx("literal-mx.test", 10, "192.0.2.7");
        assertTrue(failure(route(plain(), "literal-mx.test"), DeliveryOutcome.TempFail.class).startsWith("451 4.4.3 "),
                "deferred: the operator can fix the record");
    }
}
