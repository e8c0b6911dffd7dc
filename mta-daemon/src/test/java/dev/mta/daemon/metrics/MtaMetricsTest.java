package dev.mta.daemon.metrics;

import dev.mta.core.smtp.Reply;
import dev.mta.delivery.DeliveryObserver;
import dev.mta.delivery.DeliveryOutcome;
import dev.mta.delivery.DeliveryReplies;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class MtaMetricsTest {

    private final MtaMetrics metrics = new MtaMetrics();

    @Test
    void countsOutcomesByStatusAndTimesOnlyDeliveries() throws Exception {
        DeliveryObserver observer = metrics.deliveryObserver();
        Reply ok = Reply.of(250, "2.0.0", "ok");

        observer.recorded(new DeliveryOutcome.Delivered(ok, Optional.empty(), true), Duration.ofMillis(2500));
        observer.recorded(new DeliveryOutcome.TempFail(Reply.of(451, "4.3.0", "later"), Optional.empty()),
                Duration.ofMinutes(5));
        observer.recorded(new DeliveryOutcome.PermFail(Reply.of(550, "5.1.1", "no"), Optional.empty()),
                Duration.ofHours(1));

        Map<String, Double> samples = samples();
        assertEquals(1.0, samples.get("mta_delivery_recipients_total{status=\"sent\"}"));
        assertEquals(1.0, samples.get("mta_delivery_recipients_total{status=\"deferred\"}"));
        assertEquals(1.0, samples.get("mta_delivery_recipients_total{status=\"bounced\"}"));
        assertEquals(1.0, samples.get("mta_delivery_delay_seconds_count"));
        assertEquals(2.5, samples.get("mta_delivery_delay_seconds_sum"));
        assertEquals(0.0, samples.get("mta_delivery_delay_seconds_bucket{le=\"1.0\"}"));
        assertEquals(1.0, samples.get("mta_delivery_delay_seconds_bucket{le=\"5.0\"}"));
    }

    @Test
    void countsOnlyTheRoutersDnsDeferralsAsDnsFailures() throws Exception {
        DeliveryObserver observer = metrics.deliveryObserver();
        assertEquals(0.0, samples().get("mta_delivery_dns_failures_total"));

        observer.recorded(new DeliveryOutcome.TempFail(DeliveryReplies.DNS_TEMPFAIL, Optional.empty()),
                Duration.ZERO);
        observer.recorded(new DeliveryOutcome.TempFail(DeliveryReplies.CONNECT_FAILED, Optional.empty()),
                Duration.ZERO);
        observer.recorded(new DeliveryOutcome.PermFail(DeliveryReplies.NO_SUCH_DOMAIN, Optional.empty()),
                Duration.ZERO);

        Map<String, Double> samples = samples();
        assertEquals(1.0, samples.get("mta_delivery_dns_failures_total"), "NXDOMAIN is an answer, not a failure");
        assertEquals(2.0, samples.get("mta_delivery_recipients_total{status=\"deferred\"}"));
    }

    @Test
    void tlsHandshakesAreCountedByDirectionResultAndVersion() throws Exception {
        metrics.smtpServerObserver().tlsHandshake(Optional.of("TLSv1.3"));
        metrics.deliveryObserver().tlsHandshake(Optional.of("TLSv1.2"));
        metrics.deliveryObserver().tlsHandshake(Optional.of("TLSv1.2"));
        metrics.deliveryObserver().tlsHandshake(Optional.empty());

        Map<String, Double> samples = samples();
        assertEquals(1.0, samples.get("mta_tls_handshakes_total{direction=\"inbound\",result=\"ok\","
                + "version=\"TLSv1.3\"}"), samples.toString());
        assertEquals(2.0, samples.get("mta_tls_handshakes_total{direction=\"outbound\",result=\"ok\","
                + "version=\"TLSv1.2\"}"), samples.toString());
        assertEquals(1.0, samples.get("mta_tls_handshakes_total{direction=\"outbound\",result=\"failed\","
                + "version=\"none\"}"), samples.toString());
    }

    @Test
    void gaugesAndTheAuthCounterAreReadAtScrapeTime() throws Exception {
        AtomicInteger queue = new AtomicInteger(3);
        AtomicInteger connections = new AtomicInteger(7);
        AtomicLong authFailures = new AtomicLong();
        assertFalse(samples().containsKey("mta_auth_failures_total"), "no users file, no AUTH counter");
        AtomicInteger held = new AtomicInteger(1);
        metrics.watch(queue::get, connections::get);
        metrics.watchHeld(held::get);
        metrics.watchAuthFailures(authFailures::get);

        Map<String, Double> first = samples();
        queue.set(0);
        held.set(0);
        authFailures.set(4);
        Map<String, Double> second = samples();

        assertEquals(3.0, first.get("mta_queue_messages"));
        assertEquals(7.0, first.get("mta_smtpd_connections"));
        assertEquals(1.0, first.get("mta_queue_held_messages"));
        assertEquals(0.0, first.get("mta_auth_failures_total"));
        assertEquals(0.0, second.get("mta_queue_messages"));
        assertEquals(0.0, second.get("mta_queue_held_messages"));
        assertEquals(4.0, second.get("mta_auth_failures_total"));
    }

    private Map<String, Double> samples() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }
}
