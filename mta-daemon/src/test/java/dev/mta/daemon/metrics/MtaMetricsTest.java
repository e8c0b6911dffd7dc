package dev.mta.daemon.metrics;

import dev.mta.core.smtp.Reply;
import dev.mta.delivery.DeliveryObserver;
import dev.mta.delivery.DeliveryOutcome;
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
    void gaugesAndTheAuthCounterAreReadAtScrapeTime() throws Exception {
        AtomicInteger queue = new AtomicInteger(3);
        AtomicInteger connections = new AtomicInteger(7);
        AtomicLong authFailures = new AtomicLong();
        assertFalse(samples().containsKey("mta_auth_failures_total"), "no users file, no AUTH counter");
        metrics.watch(queue::get, connections::get);
        metrics.watchAuthFailures(authFailures::get);

        Map<String, Double> first = samples();
        queue.set(0);
        authFailures.set(4);
        Map<String, Double> second = samples();

        assertEquals(3.0, first.get("mta_queue_messages"));
        assertEquals(7.0, first.get("mta_smtpd_connections"));
        assertEquals(0.0, first.get("mta_auth_failures_total"));
        assertEquals(0.0, second.get("mta_queue_messages"));
        assertEquals(4.0, second.get("mta_auth_failures_total"));
    }

    private Map<String, Double> samples() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }
}
