package dev.mta.daemon.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Prometheus does, for tests: GET over HTTP with the JDK's client, and the text exposition format parsed
 * into samples keyed as written ({@code name{label="value"}}).
 */
final class Scrape {

    /** {@code name{labels} value}, optionally followed by a timestamp; labels as written. */
    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)(?: \\S+)?");
    /** A guard against a hang, never a measurement. */
    private static final Duration GUARD = Duration.ofSeconds(30);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(GUARD).build();
    private final InetSocketAddress server;

    Scrape(InetSocketAddress server) {
        this.server = server;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + server.getPort() + path);
        return client.send(HttpRequest.newBuilder(uri).timeout(GUARD).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every sample of /metrics. */
    Map<String, Double> samples() throws IOException, InterruptedException {
        HttpResponse<String> response = get("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics: " + response.statusCode() + " " + response.body());
        }
        if (!response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain")) {
            throw new AssertionError("not the text format: " + response.headers().map());
        }
        return parse(response.body());
    }

    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            samples.put(m.group(1), Double.valueOf(m.group(2)));
        }
        return samples;
    }

    /**
     * Scrapes until {@code sample} has {@code value}: the delivery outcome is recorded a moment after the
     * route's server has the message, on the engine's own thread. Fails with the last scrape after the guard.
     */
    Map<String, Double> awaitSample(String sample, double value) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (true) {
            Map<String, Double> samples = samples();
            if (Double.valueOf(value).equals(samples.get(sample))) {
                return samples;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(sample + " is not " + value + " within " + GUARD + ": " + samples);
            }
            Thread.onSpinWait();
        }
    }
}
