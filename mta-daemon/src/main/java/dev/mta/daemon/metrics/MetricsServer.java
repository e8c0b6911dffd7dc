package dev.mta.daemon.metrics;

import com.sun.net.httpserver.HttpExchange;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP endpoint: {@code /metrics} in the Prometheus text format (the client library's handler), and
 * {@code /health}: {@code 200 ok}, or {@code 503} with one line per problem ({@link HealthCheck}). Anything else
 * is 404. The JDK's HTTP server runs it on two threads of its own: scrapes and the health check's disk probe
 * never touch a Netty event loop. The library's own {@code /-/healthy}, which says healthy whatever the daemon's
 * state, is not registered.
 */
public final class MetricsServer implements AutoCloseable {

    /** Scrapes are rare (every 15 s or so); two threads keep a slow health probe from holding up a scrape. */
    private static final int THREADS = 2;

    private final HTTPServer server;
    private final ExecutorService threads;
    private final InetSocketAddress address;

    private MetricsServer(HTTPServer server, ExecutorService threads, InetSocketAddress address) {
        this.server = server;
        this.threads = threads;
        this.address = address;
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public static MetricsServer start(InetSocketAddress address, PrometheusRegistry registry, HealthCheck health)
            throws IOException {
        Objects.requireNonNull(health, "health");
        ThreadPoolExecutor threads = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new DefaultThreadFactory("mta-metrics", true));
        try {
            HTTPServer server = HTTPServer.builder()
                    .inetAddress(address.getAddress())
                    .port(address.getPort())
                    .registry(registry)
                    .executorService(threads)
                    .registerHealthHandler(false)
                    .defaultHandler(exchange -> other(exchange, health))
                    .buildAndStart();
            return new MetricsServer(server, threads, new InetSocketAddress(address.getAddress(), server.getPort()));
        } catch (IOException | RuntimeException e) {
            threads.shutdownNow();
            throw e;
        }
    }

    /** The address bound (the real port where port 0 was asked). */
    public InetSocketAddress address() {
        return address;
    }

    @Override
    public void close() {
        server.close();
        threads.shutdownNow();
    }

    /** Every path but /metrics: /health, else 404. */
    private static void other(HttpExchange exchange, HealthCheck health) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                respond(exchange, 405, "only GET and HEAD\n");
            } else if ("/health".equals(path)) {
                Health result = health.check();
                respond(exchange, result.healthy() ? 200 : 503,
                        result.healthy() ? "ok\n" : String.join("\n", result.problems()) + "\n");
            } else {
                respond(exchange, 404, "not found: the metrics are at /metrics, the health at /health\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
