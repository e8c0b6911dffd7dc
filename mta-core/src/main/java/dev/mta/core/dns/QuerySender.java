package dev.mta.core.dns;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Sends one question to the configured servers until one gives an answer worth reading: in server order, for
 * {@code retries + 1} rounds, moving on after a timeout, a network error, SERVFAIL or REFUSED (the way the
 * system's stub resolver does, resolv.conf(5)). Over UDP first; dnsjava's {@link SimpleResolver} repeats the
 * question over TCP when the answer is truncated (RFC 7766 section 5).
 *
 * <p>Each try has its own deadline, measured by {@link CompletableFuture#orTimeout} on the monotonic clock, so a
 * wall-clock jump neither cuts nor stretches it (SECURITY.md R-05).
 */
final class QuerySender {

    /** RFC 9715 / DNS flag day 2020: an EDNS buffer that avoids IP fragmentation. */
    private static final int EDNS_PAYLOAD = 1232;

    private final List<SimpleResolver> servers;
    private final Duration timeout;
    private final int attempts;
    private final Executor executor;

    QuerySender(List<InetSocketAddress> addresses, Duration timeout, int retries, Executor executor) {
        this.servers = addresses.stream().map(address -> {
            SimpleResolver resolver = new SimpleResolver(address);
            resolver.setTimeout(timeout);
            resolver.setEDNS(0, EDNS_PAYLOAD, 0, List.of());
            return resolver;
        }).toList();
        this.timeout = timeout;
        this.attempts = servers.size() * (retries + 1);
        this.executor = executor;
    }

    /**
     * The last answer got, completing on the executor; exceptionally only if no server answered at all. The answer
     * may still carry SERVFAIL or REFUSED if every server said so.
     */
    CompletableFuture<Message> send(Name name, int type) {
        CompletableFuture<Message> result = new CompletableFuture<>();
        attempt(name, type, 0, result);
        return result;
    }

    private void attempt(Name name, int type, int n, CompletableFuture<Message> result) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        CompletableFuture<Message> one = new CompletableFuture<>();
        servers.get(n % servers.size()).sendAsync(query, executor).whenComplete((message, error) -> {
            if (error != null) {
                one.completeExceptionally(error);
            } else {
                one.complete(message);
            }
        });
        one.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS).whenCompleteAsync((message, error) -> {
            boolean tryAgain = error != null
                    || message.getRcode() == Rcode.SERVFAIL || message.getRcode() == Rcode.REFUSED;
            if (tryAgain && n + 1 < attempts) {
                attempt(name, type, n + 1, result);
            } else if (error != null) {
                result.completeExceptionally(error);
            } else {
                result.complete(message);
            }
        }, executor);
    }
}
