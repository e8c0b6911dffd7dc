package dev.mta.testkit.dns;

import dev.mta.core.address.Domain;
import dev.mta.core.dns.AddressOrder;
import dev.mta.core.dns.DnsResolver;
import dev.mta.core.dns.DnsResult;
import dev.mta.core.dns.DnsSettings;
import dev.mta.core.dns.DnsTempFailException;
import dev.mta.core.dns.MxHost;
import dev.mta.core.dns.TlsaRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.TLSARecord;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;

import static dev.mta.testkit.Stages.await;
import static dev.mta.testkit.Stages.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The resolver over the wire, against a real DNS server on loopback. */
class DnsResolverTest {

    private LoopbackDnsServer dns;
    private ExecutorService executor;
    private ManualClock clock;
    private DnsResolver resolver;

    @BeforeEach
    void start() throws Exception {
        dns = LoopbackDnsServer.start();
        executor = Executors.newFixedThreadPool(2);
        clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
        resolver = resolver(settings());
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
        dns.close();
    }

    private DnsSettings settings() {
        // A short timeout keeps the timeout tests quick; no retries unless a test asks for them.
        return DnsSettings.ofServers(List.of(dns.hostAndPort())).withTimeout(Duration.ofMillis(300)).withRetries(0);
    }

    private DnsResolver resolver(DnsSettings settings) {
        return new DnsResolver(settings, executor, clock);
    }

    private static Domain domain(String ascii) {
        return new Domain(ascii, ascii);
    }

    private static <T> List<T> records(DnsResult<T> result) {
        assertInstanceOf(DnsResult.Records.class, result, () -> "got " + result);
        return ((DnsResult.Records<T>) result).records();
    }

    private static List<String> hosts(DnsResult<MxHost> result) {
        return records(result).stream().map(mx -> mx.preference() + " " + mx.host().ascii()).toList();
    }

    private static List<String> ips(DnsResult<InetAddress> result) {
        return records(result).stream().map(InetAddress::getHostAddress).toList();
    }

    @Test
    void mxHostsAreSortedByPreference() {
        dns.mx("example.test", 20, "mx2.example.test").mx("example.test", 5, "mx0.example.test")
                .mx("example.test", 10, "mx1.example.test");

        assertEquals(List.of("5 mx0.example.test", "10 mx1.example.test", "20 mx2.example.test"),
                hosts(await(resolver.mx(domain("example.test")))));
    }

    @Test
    void aHugeMxSetNeedsTcpAndIsCappedToTheMostPreferred() {
        // 200 MX records do not fit a UDP answer: the server truncates, the resolver asks again over TCP.
        IntStream.range(0, 200).forEach(i -> dns.mx("big.test", 1000 - i, "mx" + i + ".big.test"));

        List<String> hosts = hosts(await(resolver.mx(domain("big.test"))));

        assertEquals(DnsSettings.DEFAULT_MAX_MX_HOSTS, hosts.size());
        assertEquals("801 mx199.big.test", hosts.get(0));
        assertEquals("810 mx190.big.test", hosts.get(9));
        assertEquals(1, dns.tcpQueries("big.test"));
    }

    @Test
    void noMxRecordIsNoDataAndTheAddressesAreTheImplicitMx() {
        // RFC 5321 section 5.1: no MX, but an address: the domain itself is the exchanger. The router decides that;
        // the resolver must tell "no MX" (NoData) apart from "no domain" (NxDomain).
        dns.a("implicit.test", "192.0.2.7");

        assertInstanceOf(DnsResult.NoData.class, await(resolver.mx(domain("implicit.test"))));
        assertEquals(List.of("192.0.2.7"), ips(await(resolver.addresses("implicit.test", AddressOrder.IPV4_FIRST))));
    }

    @Test
    void nullMxIsItsOwnOutcome() {
        dns.nullMx("nomail.test").a("nomail.test", "192.0.2.8");

        assertInstanceOf(DnsResult.NullMx.class, await(resolver.mx(domain("nomail.test"))));
    }

    @Test
    void aRootExchangeAmongOthersIsDroppedNotANullMx() {
        dns.nullMx("mixed.test").mx("mixed.test", 10, "mx.mixed.test");

        assertEquals(List.of("10 mx.mixed.test"), hosts(await(resolver.mx(domain("mixed.test")))));
    }

    @Test
    void unknownDomainIsNxDomain() {
        assertInstanceOf(DnsResult.NxDomain.class, await(resolver.mx(domain("nowhere.test"))));
        assertInstanceOf(DnsResult.NxDomain.class,
                await(resolver.addresses("nowhere.test", AddressOrder.IPV4_FIRST)));
    }

    @Test
    void servfailAndRefusedAreTemporary() {
        dns.servfail("broken.test").refuse("refused.test");

        assertInstanceOf(DnsResult.TempFail.class, await(resolver.mx(domain("broken.test"))));
        assertInstanceOf(DnsResult.TempFail.class, await(resolver.mx(domain("refused.test"))));
    }

    @Test
    void silenceIsATemporaryTimeout() {
        dns.drop("silent.test");

        DnsResult<MxHost> result = await(resolver.mx(domain("silent.test")));

        DnsResult.TempFail<?> fail = assertInstanceOf(DnsResult.TempFail.class, result);
        assertTrue(fail.reason().contains("timeout"), fail.reason());
        assertEquals(1, dns.queries("silent.test"));
    }

    @Test
    void aSlowServerIsRetriedAsConfigured() {
        dns.drop("silent.test");
        DnsResolver patient = resolver(settings().withRetries(2));

        assertInstanceOf(DnsResult.TempFail.class, await(patient.mx(domain("silent.test"))));
        assertEquals(3, dns.queries("silent.test"));
    }

    @Test
    void anAnswerWithinTheTimeoutIsTaken() {
        dns.mx("slow.test", 10, "mx.slow.test").delay("slow.test", Duration.ofMillis(50));
        DnsResolver patient = resolver(settings().withTimeout(Duration.ofSeconds(5)));

        assertEquals(List.of("10 mx.slow.test"), hosts(await(patient.mx(domain("slow.test")))));
    }

    @Test
    void aFailingServerIsSkippedForTheNextOne() throws Exception {
        try (LoopbackDnsServer good = LoopbackDnsServer.start()) {
            dns.servfail("example.test");
            good.mx("example.test", 10, "mx.example.test");
            DnsSettings two = DnsSettings.ofServers(List.of(dns.hostAndPort(), good.hostAndPort()))
                    .withTimeout(Duration.ofMillis(300)).withRetries(0);

            assertEquals(List.of("10 mx.example.test"), hosts(await(resolver(two).mx(domain("example.test")))));
            assertEquals(1, dns.queries("example.test"));
            assertEquals(1, good.queries("example.test"));
        }
    }

    @Test
    void cnameChainsAreFollowed() {
        dns.cname("www.example.test", "web.example.test").cname("web.example.test", "host.example.test")
                .a("host.example.test", "192.0.2.9");

        assertEquals(List.of("192.0.2.9"),
                ips(await(resolver.addresses("www.example.test", AddressOrder.IPV4_ONLY))));
    }

    @Test
    void aCnameLoopIsATemporaryFailureNotAHang() {
        dns.cname("a.loop.test", "b.loop.test").cname("b.loop.test", "a.loop.test");

        DnsResult<MxHost> result = await(resolver.mx(domain("a.loop.test")));

        DnsResult.TempFail<?> fail = assertInstanceOf(DnsResult.TempFail.class, result);
        assertTrue(fail.reason().contains("loop"), fail.reason());
    }

    @Test
    void aChainLongerThanTenIsATemporaryFailure() {
        for (int i = 0; i < 11; i++) {
            dns.cname("c" + i + ".chain.test", "c" + (i + 1) + ".chain.test");
        }
        dns.a("c11.chain.test", "192.0.2.10");
        for (int i = 0; i < 10; i++) {
            dns.cname("d" + i + ".chain.test", "d" + (i + 1) + ".chain.test");
        }
        dns.a("d10.chain.test", "192.0.2.11");

        assertInstanceOf(DnsResult.TempFail.class,
                await(resolver.addresses("c0.chain.test", AddressOrder.IPV4_ONLY)));
        assertEquals(List.of("192.0.2.11"), ips(await(resolver.addresses("d0.chain.test", AddressOrder.IPV4_ONLY))));
    }

    @Test
    void txtStringsAreJoinedWithoutSpaces() {
        String first = "v=DKIM1; k=rsa; p=" + "A".repeat(237);
        String second = "B".repeat(255);
        dns.txt("sel._domainkey.example.test", first, second, "C");
        dns.txt("example.test", "v=spf1 ", "-all");

        assertEquals(List.of(first + second + "C"), records(await(resolver.txt("sel._domainkey.example.test"))));
        assertEquals(List.of("v=spf1 -all"), records(await(resolver.txt("example.test"))));
    }

    @Test
    void theDkimTxtLookupAdapterIsOneLine() {
        dns.txt("sel._domainkey.example.test", "v=DKIM1; p=abc").servfail("sel._domainkey.broken.test");
        Function<String, CompletionStage<List<String>>> txtLookup =
                name -> resolver.txt(name).thenApply(DnsResult::recordsOrEmpty);

        assertEquals(List.of("v=DKIM1; p=abc"), await(txtLookup.apply("sel._domainkey.example.test")));
        assertEquals(List.of(), await(txtLookup.apply("sel._domainkey.nowhere.test")));
        Throwable failure = awaitFailure(txtLookup.apply("sel._domainkey.broken.test"));
        assertInstanceOf(DnsTempFailException.class, failure);
    }

    @Test
    void truncatedAnswersAreAskedAgainOverTcp() {
        dns.mx("tc.test", 10, "mx.tc.test").truncate("tc.test");

        assertEquals(List.of("10 mx.tc.test"), hosts(await(resolver.mx(domain("tc.test")))));
        assertEquals(2, dns.queries("tc.test"));
        assertEquals(1, dns.tcpQueries("tc.test"));
    }

    @Test
    void answersAreCachedForTheirTtl() {
        dns.ttl(Duration.ofSeconds(60)).mx("cached.test", 10, "mx.cached.test");

        DnsResult<MxHost> first = await(resolver.mx(domain("cached.test")));
        clock.advance(Duration.ofSeconds(59));
        DnsResult<MxHost> second = await(resolver.mx(domain("cached.test")));

        assertEquals(hosts(first), hosts(second));
        assertEquals(Duration.ofSeconds(60), ((DnsResult.Records<MxHost>) first).ttl());
        assertEquals(Duration.ofSeconds(1), ((DnsResult.Records<MxHost>) second).ttl());
        assertEquals(1, dns.queries("cached.test"));

        clock.advance(Duration.ofSeconds(1));
        await(resolver.mx(domain("cached.test")));
        assertEquals(2, dns.queries("cached.test"));
    }

    @Test
    void negativeAnswersAreCachedForTheSoaMinimum() {
        dns.negativeTtl(Duration.ofSeconds(30)).a("nodata.test", "192.0.2.1");

        assertInstanceOf(DnsResult.NxDomain.class, await(resolver.mx(domain("gone.test"))));
        assertInstanceOf(DnsResult.NoData.class, await(resolver.mx(domain("nodata.test"))));
        clock.advance(Duration.ofSeconds(29));
        assertInstanceOf(DnsResult.NxDomain.class, await(resolver.mx(domain("gone.test"))));
        assertInstanceOf(DnsResult.NoData.class, await(resolver.mx(domain("nodata.test"))));
        assertEquals(1, dns.queries("gone.test"));
        assertEquals(1, dns.queries("nodata.test"));

        clock.advance(Duration.ofSeconds(1));
        await(resolver.mx(domain("gone.test")));
        assertEquals(2, dns.queries("gone.test"));
    }

    @Test
    void negativeCachingIsCappedBySettings() {
        dns.negativeTtl(Duration.ofDays(2));
        DnsResolver capped = resolver(settings().withTtlCaps(Duration.ofDays(1), Duration.ofMinutes(5)));

        await(capped.mx(domain("gone.test")));
        clock.advance(Duration.ofMinutes(5));
        await(capped.mx(domain("gone.test")));

        assertEquals(2, dns.queries("gone.test"));
    }

    @Test
    void temporaryFailuresAreNotCached() {
        dns.servfail("flaky.test").mx("flaky.test", 10, "mx.flaky.test");

        assertInstanceOf(DnsResult.TempFail.class, await(resolver.mx(domain("flaky.test"))));
        dns.heal("flaky.test");
        assertEquals(List.of("10 mx.flaky.test"), hosts(await(resolver.mx(domain("flaky.test")))));
    }

    @Test
    void addressFamiliesComeInTheOrderAsked() {
        dns.a("dual.test", "192.0.2.1").aaaa("dual.test", "2001:db8::1").a("dual.test", "192.0.2.2");

        assertEquals(List.of("192.0.2.1", "192.0.2.2", "2001:db8:0:0:0:0:0:1"),
                ips(await(resolver.addresses("dual.test", AddressOrder.IPV4_FIRST))));
        assertEquals(List.of("2001:db8:0:0:0:0:0:1", "192.0.2.1", "192.0.2.2"),
                ips(await(resolver.addresses("dual.test", AddressOrder.IPV6_FIRST))));
        assertEquals(List.of("2001:db8:0:0:0:0:0:1"),
                ips(await(resolver.addresses("dual.test", AddressOrder.IPV6_ONLY))));
    }

    @Test
    void oneFamilyFailingDoesNotHideTheOther() {
        dns.a("v4only.test", "192.0.2.3");

        assertEquals(List.of("192.0.2.3"), ips(await(resolver.addresses("v4only.test", AddressOrder.IPV6_FIRST))));
        assertInstanceOf(DnsResult.NoData.class,
                await(resolver.addresses("v4only.test", AddressOrder.IPV6_ONLY)));
    }

    @Test
    void addressesAreCapped() {
        IntStream.range(1, 40).forEach(i -> dns.a("many.test", "192.0.2." + i));

        assertEquals(DnsSettings.DEFAULT_MAX_ADDRESSES,
                records(await(resolver.addresses("many.test", AddressOrder.IPV4_FIRST))).size());
    }

    @Test
    void invalidHostNamesInAnswersAreDropped() throws Exception {
        Name owner = Name.fromString("hostile.test.");
        for (String bad : List.of("192.0.2.1.", "mx\\010.hostile.test.", "bad\\013\\010rcpt.hostile.test.",
                "under_score.hostile.test.", "-dash.hostile.test.")) {
            dns.record(new MXRecord(owner, DClass.IN, 300, 1, Name.fromString(bad)));
        }
        dns.mx("hostile.test", 20, "good.hostile.test");

        assertEquals(List.of("20 good.hostile.test"), hosts(await(resolver.mx(domain("hostile.test")))));
    }

    @Test
    void onlyInvalidHostsIsTemporaryNotImplicitMx() throws Exception {
        dns.record(new MXRecord(Name.fromString("allbad.test."), DClass.IN, 300, 1, Name.fromString("192.0.2.1.")));

        assertInstanceOf(DnsResult.TempFail.class, await(resolver.mx(domain("allbad.test"))));
    }

    @Test
    void tlsaRecordsAreRead() throws Exception {
        byte[] digest = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
        dns.record(new TLSARecord(Name.fromString("_25._tcp.mx.example.test."), DClass.IN, 300, 3, 1, 1, digest));

        assertEquals(List.of(new TlsaRecord(3, 1, 1, HexFormat.of().formatHex(digest))),
                records(await(resolver.tlsa(25, "mx.example.test"))));
    }

    @Test
    void theCallerIsNeverBlockedAndStagesCompleteOnTheExecutor() throws Exception {
        dns.mx("example.test", 10, "mx.example.test");
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "resolver-worker"));
        try {
            DnsResolver onWorker = new DnsResolver(settings(), worker, clock);
            CountDownLatch hold = new CountDownLatch(1);
            worker.execute(() -> awaitLatch(hold));
            AtomicReference<String> completedOn = new AtomicReference<>();

            // The worker is held, so nothing can have run yet: the call returned without doing the lookup itself.
            CompletionStage<DnsResult<MxHost>> stage = onWorker.mx(domain("example.test"));
            assertFalse(stage.toCompletableFuture().isDone());
            CompletionStage<Void> seen = stage.thenRun(() -> completedOn.set(Thread.currentThread().getName()));
            hold.countDown();

            await(seen);
            assertEquals("resolver-worker", completedOn.get());
        } finally {
            worker.shutdownNow();
        }
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void invalidQuestionsFailTheStage() {
        assertInstanceOf(IllegalArgumentException.class,
                awaitFailure(resolver.addresses("not a host", AddressOrder.IPV4_FIRST)));
        assertInstanceOf(IllegalArgumentException.class,
                awaitFailure(resolver.txt("bad\\name.test")));
        assertThrows(DnsTempFailException.class, () -> new DnsResult.TempFail<String>("x").recordsOrEmpty());
    }
}
