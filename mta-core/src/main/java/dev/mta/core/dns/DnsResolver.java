package dev.mta.core.dns;

import dev.mta.core.address.Domain;
import dev.mta.core.config.DomainNames;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The DNS lookups mail needs, asynchronous and cached. Every stage returned completes on the executor given here,
 * never on the caller's thread, so a Netty event loop may call any method; the work (cache, queries, reading the
 * answers) runs on that executor and on dnsjava's I/O thread.
 *
 * <p>A stage never completes exceptionally for a DNS problem: those are {@link DnsResult.TempFail} values. It
 * fails only for a caller's mistake, a name that is not a valid DNS name ({@link IllegalArgumentException}).
 *
 * <p>To answer DKIM's {@code TxtLookup}: {@code name -> resolver.txt(name).thenApply(DnsResult::recordsOrEmpty)}.
 */
public final class DnsResolver {

    private static final Logger LOG = LoggerFactory.getLogger(DnsResolver.class);

    /** RFC 1035 section 3.3: a character-string is at most 255 octets, a TXT record at most 64 KiB. */
    private static final int MAX_TXT_OCTETS = 65_535;

    private final DnsSettings settings;
    private final Executor executor;
    private final QuerySender sender;
    private final DnsCache cache;

    /**
     * @param settings servers, timeouts and limits
     * @param executor where lookups run and their stages complete; must not be an event loop
     * @param clock    what the cache measures TTLs by
     */
    public DnsResolver(DnsSettings settings, Executor executor, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.sender = new QuerySender(settings.servers(), settings.timeout(), settings.retries(), executor);
        this.cache = new DnsCache(settings.cacheSize(), Objects.requireNonNull(clock, "clock"), settings.maxTtl(),
                settings.maxNegativeTtl());
    }

    /**
     * The mail exchangers of a domain, most preferred first (equal preferences in answer order: shuffling them,
     * RFC 5321 section 5.1, is the router's job), at most {@link DnsSettings#maxMxHosts()}. Hosts with invalid
     * names are dropped; if every host is invalid the result is a {@link DnsResult.TempFail}, because the domain
     * has MX records (so no implicit MX applies) and none can be used until its operator fixes them. A single MX
     * whose exchange is the root is a {@link DnsResult.NullMx} (RFC 7505 section 3); a root exchange among others
     * is dropped as invalid.
     */
    public CompletionStage<DnsResult<MxHost>> mx(Domain domain) {
        Name name = absolute(domain.ascii());
        return lookup(name, Type.MX, found -> mxHosts(domain, found));
    }

    /**
     * The addresses of a host: A and AAAA asked at once, the families in the order asked for, at most
     * {@link DnsSettings#maxAddresses()}. If one family is found and the other fails temporarily, the found ones
     * are returned (with their TTL), since a temporary failure of one family must not hold mail back from the
     * other.
     *
     * @throws IllegalArgumentException (as a failed stage) if {@code host} is not a valid host name
     */
    public CompletionStage<DnsResult<InetAddress>> addresses(String host, AddressOrder order) {
        Name name;
        try {
            name = absolute(DomainNames.parse(host).ascii());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a host name: " + host, e));
        }
        CompletableFuture<DnsResult<InetAddress>> v4 = order.wantsIpv4()
                ? lookup(name, Type.A, DnsResolver::addressList)
                : CompletableFuture.completedFuture(new DnsResult.NoData<>());
        CompletableFuture<DnsResult<InetAddress>> v6 = order.wantsIpv6()
                ? lookup(name, Type.AAAA, DnsResolver::addressList)
                : CompletableFuture.completedFuture(new DnsResult.NoData<>());
        boolean v6First = order == AddressOrder.IPV6_FIRST || order == AddressOrder.IPV6_ONLY;
        return v4.thenCombineAsync(v6, (a, aaaa) -> v6First ? merge(aaaa, a) : merge(a, aaaa), executor);
    }

    /**
     * The TXT records at a name, each record's character-strings joined without separator (RFC 6376 section
     * 3.6.2.2, RFC 7208 section 3.3) and decoded as UTF-8. Any DNS name is allowed, underscores included
     * ({@code selector._domainkey.example.com}).
     *
     * @throws IllegalArgumentException (as a failed stage) if {@code name} is not a valid DNS name
     */
    public CompletionStage<DnsResult<String>> txt(String name) {
        Name parsed;
        try {
            parsed = absoluteAnyName(name);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return lookup(parsed, Type.TXT, DnsResolver::txtStrings);
    }

    /**
     * The TLSA records for a TCP service ({@code _port._tcp.host}, RFC 6698 section 3). Minimal: no DNSSEC
     * validation status is reported, so this is not yet enough for DANE (RFC 7672).
     */
    public CompletionStage<DnsResult<TlsaRecord>> tlsa(int port, String host) {
        if (port < 0 || port > 65535) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("port out of range: " + port));
        }
        Name name;
        try {
            name = absolute("_" + port + "._tcp." + DomainNames.parse(host).ascii());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("not a host name: " + host, e));
        }
        return lookup(name, Type.TLSA, DnsResolver::tlsaRecords);
    }

    /** Runs one question on the executor, from the cache or the servers, and types the answer. */
    private <T> CompletableFuture<DnsResult<T>> lookup(Name name, int type,
                                                       Function<Answer.Found, DnsResult<T>> typed) {
        return CompletableFuture.supplyAsync(() -> cache.get(name, type), executor)
                .thenCompose(cached -> cached.map(CompletableFuture::completedFuture)
                        .orElseGet(() -> ask(name, type, List.of(name), Long.MAX_VALUE)
                                .thenApply(answer -> cache.put(name, type, answer))))
                .thenApplyAsync(answer -> toResult(answer, typed), executor);
    }

    private CompletableFuture<Answer> ask(Name name, int type, List<Name> chain, long ttlSoFar) {
        return sender.send(name, type).handle((message, error) -> {
            if (error != null) {
                return CompletableFuture.<Answer>completedFuture(new Answer.Failed(describe(error, name, type)));
            }
            Answer answer = AnswerReader.read(message, name, type, chain, ttlSoFar);
            if (answer instanceof Answer.Alias alias) {
                return ask(alias.target(), type, alias.chain(), alias.ttlSeconds());
            }
            return CompletableFuture.completedFuture(answer);
        }).thenCompose(Function.identity());
    }

    private static <T> DnsResult<T> toResult(Answer answer, Function<Answer.Found, DnsResult<T>> typed) {
        if (answer instanceof Answer.Found found) {
            return typed.apply(found);
        }
        if (answer instanceof Answer.Negative negative) {
            return negative.nxDomain() ? new DnsResult.NxDomain<>() : new DnsResult.NoData<>();
        }
        if (answer instanceof Answer.Failed failed) {
            return new DnsResult.TempFail<>(failed.reason());
        }
        // An Alias is resolved in ask() and never gets here.
        return new DnsResult.TempFail<>("unresolved CNAME");
    }

    private DnsResult<MxHost> mxHosts(Domain domain, Answer.Found found) {
        List<MXRecord> records = found.records().stream().map(MXRecord.class::cast).toList();
        if (records.size() == 1 && records.get(0).getTarget().equals(Name.root)) {
            return new DnsResult.NullMx<>();
        }
        List<MxHost> hosts = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (MXRecord record : records) {
            Optional<Domain> host = HostNames.host(record.getTarget());
            if (host.isPresent()) {
                hosts.add(new MxHost(record.getPriority(), host.get()));
            } else {
                dropped.add(record.getTarget().toString());
            }
        }
        if (!dropped.isEmpty()) {
            LOG.info("MX for {}: dropped {} invalid host name(s), e.g. {}", domain.ascii(), dropped.size(),
                    dropped.get(0));
        }
        if (hosts.isEmpty()) {
            return new DnsResult.TempFail<>("no valid MX host name for " + domain.ascii());
        }
        List<MxHost> sorted = hosts.stream()
                .sorted(Comparator.comparingInt(MxHost::preference))
                .limit(settings.maxMxHosts())
                .toList();
        return new DnsResult.Records<>(sorted, Duration.ofSeconds(found.ttlSeconds()));
    }

    private static DnsResult<InetAddress> addressList(Answer.Found found) {
        List<InetAddress> addresses = new ArrayList<>();
        for (Record r : found.records()) {
            if (r instanceof ARecord a) {
                addresses.add(a.getAddress());
            } else if (r instanceof AAAARecord aaaa) {
                addresses.add(aaaa.getAddress());
            }
        }
        return new DnsResult.Records<>(addresses, Duration.ofSeconds(found.ttlSeconds()));
    }

    private DnsResult<InetAddress> merge(DnsResult<InetAddress> first, DnsResult<InetAddress> second) {
        List<InetAddress> all = new ArrayList<>();
        Duration ttl = null;
        for (DnsResult<InetAddress> part : List.of(first, second)) {
            if (part instanceof DnsResult.Records<InetAddress> found) {
                all.addAll(found.records());
                ttl = ttl == null || found.ttl().compareTo(ttl) < 0 ? found.ttl() : ttl;
            }
        }
        if (!all.isEmpty()) {
            List<InetAddress> capped = all.stream().distinct().limit(settings.maxAddresses()).toList();
            return new DnsResult.Records<>(capped, ttl);
        }
        if (first instanceof DnsResult.TempFail<InetAddress>) {
            return first;
        }
        if (second instanceof DnsResult.TempFail<InetAddress>) {
            return second;
        }
        // NXDOMAIN from either question means the name does not exist (RFC 8020); NoData from a family we did not
        // ask for is not evidence either way.
        if (first instanceof DnsResult.NxDomain<InetAddress> || second instanceof DnsResult.NxDomain<InetAddress>) {
            return new DnsResult.NxDomain<>();
        }
        return new DnsResult.NoData<>();
    }

    private static DnsResult<String> txtStrings(Answer.Found found) {
        List<String> texts = new ArrayList<>();
        for (Record r : found.records()) {
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            for (byte[] part : ((TXTRecord) r).getStringsAsByteArrays()) {
                joined.writeBytes(part);
            }
            if (joined.size() <= MAX_TXT_OCTETS) {
                texts.add(joined.toString(StandardCharsets.UTF_8));
            }
        }
        if (texts.isEmpty()) {
            return new DnsResult.TempFail<>("unreadable TXT records");
        }
        return new DnsResult.Records<>(texts, Duration.ofSeconds(found.ttlSeconds()));
    }

    private static DnsResult<TlsaRecord> tlsaRecords(Answer.Found found) {
        List<TlsaRecord> records = found.records().stream().map(TLSARecord.class::cast)
                .map(r -> new TlsaRecord(r.getCertificateUsage(), r.getSelector(), r.getMatchingType(),
                        HexFormat.of().formatHex(r.getCertificateAssociationData())))
                .toList();
        return new DnsResult.Records<>(records, Duration.ofSeconds(found.ttlSeconds()));
    }

    private static String describe(Throwable error, Name name, int type) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        String what = cause instanceof TimeoutException ? "timeout"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        return what + " for " + name + "/" + Type.string(type);
    }

    private static Name absolute(String asciiName) {
        try {
            return Name.fromString(asciiName, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException("not a DNS name: " + asciiName, e);
        }
    }

    private static Name absoluteAnyName(String text) {
        // Only printable ASCII: dnsjava would read a backslash as an escape and a space as the end of the name.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c >= 127 || c == '\\' || c == '"' || c == '(' || c == ')' || c == ';' || c == '@') {
                throw new IllegalArgumentException("not a DNS name: " + text.replaceAll("[^\\x21-\\x7e]", "?"));
            }
        }
        if (text.isEmpty() || text.startsWith(".")) {
            throw new IllegalArgumentException("not a DNS name: empty label");
        }
        return absolute(text.endsWith(".") ? text.substring(0, text.length() - 1) : text);
    }
}
