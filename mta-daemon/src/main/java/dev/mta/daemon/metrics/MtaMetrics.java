package dev.mta.daemon.metrics;

import dev.mta.core.sink.MessageSink;
import dev.mta.delivery.DeliveryObserver;
import dev.mta.delivery.DeliveryOutcome;
import dev.mta.delivery.DeliveryReplies;
import dev.mta.smtpd.SmtpServerObserver;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The daemon's metrics, in a registry of its own. Names follow Prometheus conventions ({@code mta_} prefix, base
 * units, {@code _total} on counters); the README lists them with what each means.
 *
 * <ul>
 *   <li>{@code mta_messages_queued_total{origin}}: messages durably queued (each got its 250): {@code smtp} from
 *       the listeners, {@code local} from {@code mta sendmail}, {@code generated} bounces and delay notices;</li>
 *   <li>{@code mta_dkim_signatures_total}: DKIM-Signature fields stored with queued messages;</li>
 *   <li>{@code mta_delivery_recipients_total{status}}: recorded outcomes per recipient, {@code sent},
 *       {@code deferred} or {@code bounced}, as in the log lines;</li>
 *   <li>{@code mta_delivery_delay_seconds}: for each recipient sent, the time from arrival to delivery (the
 *       {@code delay=} of its log line);</li>
 *   <li>{@code mta_delivery_dns_failures_total}: recipients deferred because DNS failed while looking up the
 *       next hop (SERVFAIL, a timeout, an MX host without addresses: the engine's 4.4.3);</li>
 *   <li>{@code mta_queue_messages}: messages in the queue now; {@code mta_queue_held_messages}: those of them
 *       held by the operator;</li>
 *   <li>{@code mta_smtpd_connections}: client connections open now;</li>
 *   <li>{@code mta_tls_handshakes_total{direction,result,version}}: TLS handshakes with clients
 *       ({@code direction="inbound"}) and with the servers mail goes to ({@code direction="outbound"}),
 *       {@code ok} with the protocol version or {@code failed};</li>
 *   <li>{@code mta_auth_failures_total}: AUTH attempts refused (wrong password, unknown user, other refused
 *       credentials), when a users file is configured.</li>
 * </ul>
 */
public final class MtaMetrics {

    /**
     * Delivery delays from a second to the 5-day queue lifetime: most mail goes in seconds, deferred mail comes
     * at the retry schedule's steps (5 min doubling to 1 h).
     */
    private static final double[] DELAY_BUCKETS = {1, 5, 15, 60, 300, 900, 1800, 3600, 4 * 3600, 24 * 3600,
        5 * 24 * 3600};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter queued;
    private final Counter signatures;
    private final Counter recipients;
    private final Histogram delay;
    private final Counter handshakes;
    private final Counter dnsFailures;

    public MtaMetrics() {
        queued = Counter.builder().name("mta_messages_queued")
                .help("Messages durably queued, by how they arrived (smtp, local, generated)")
                .labelNames("origin").register(registry);
        for (String origin : new String[] {"smtp", "local", "generated"}) {
            queued.labelValues(origin);
        }
        signatures = Counter.builder().name("mta_dkim_signatures")
                .help("DKIM-Signature fields stored with queued messages").register(registry);
        recipients = Counter.builder().name("mta_delivery_recipients")
                .help("Delivery outcomes recorded per recipient: sent, deferred or bounced")
                .labelNames("status").register(registry);
        for (String status : new String[] {"sent", "deferred", "bounced"}) {
            recipients.labelValues(status);
        }
        handshakes = Counter.builder().name("mta_tls_handshakes")
                .help("TLS handshakes: direction inbound (clients) or outbound (servers), result ok or failed, the"
                        + " protocol version agreed")
                .labelNames("direction", "result", "version").register(registry);
        dnsFailures = Counter.builder().name("mta_delivery_dns_failures")
                .help("Recipients deferred because DNS failed looking up the next hop (SERVFAIL, timeout, MX host"
                        + " without addresses)").register(registry);
        delay = Histogram.builder().name("mta_delivery_delay_seconds")
                .help("Time from a message's arrival to the delivery of a recipient, for recipients sent")
                .classicOnly().classicUpperBounds(DELAY_BUCKETS).register(registry);
    }

    /** Where scrapes read from. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** {@code queue} with a counter in front: give this to the signing stage, so what it signs is counted. */
    public MessageSink countingSink(MessageSink queue) {
        return new CountingSink(queue, queued, signatures);
    }

    /** Counts delivery outcomes, delays, DNS failures and outbound TLS handshakes. */
    public DeliveryObserver deliveryObserver() {
        return new DeliveryObserver() {
            @Override
            public void recorded(DeliveryOutcome outcome, Duration sinceArrival) {
                recipients.labelValues(status(outcome)).inc();
                if (outcome instanceof DeliveryOutcome.Delivered) {
                    delay.observe(Math.max(0, sinceArrival.toMillis()) / 1000.0);
                }
                // The router's one reply for DNS trouble; a server's own 451 4.4.3 comes with the relay that
                // gave it, so an empty relay tells the two apart.
                if (outcome instanceof DeliveryOutcome.TempFail && outcome.relay().isEmpty()
                        && outcome.reply().equals(DeliveryReplies.DNS_TEMPFAIL)) {
                    dnsFailures.inc();
                }
            }

            @Override
            public void tlsHandshake(Optional<String> protocol) {
                handshake("outbound", protocol);
            }
        };
    }

    /** Counts what the SMTP server sees: TLS handshakes with clients. */
    public SmtpServerObserver smtpServerObserver() {
        return new SmtpServerObserver() {
            @Override
            public void tlsHandshake(Optional<String> protocol) {
                handshake("inbound", protocol);
            }
        };
    }

    private void handshake(String direction, Optional<String> protocol) {
        handshakes.labelValues(direction, protocol.isPresent() ? "ok" : "failed", protocol.orElse("none")).inc();
    }

    /**
     * The gauges read at scrape time, once the queue and the server exist. Both suppliers must be cheap and
     * safe from any thread.
     */
    public void watch(IntSupplier queueMessages, IntSupplier openConnections) {
        GaugeWithCallback.builder().name("mta_queue_messages").help("Messages in the queue")
                .callback(gauge -> gauge.call(queueMessages.getAsInt())).register(registry);
        GaugeWithCallback.builder().name("mta_smtpd_connections").help("Client connections open now")
                .callback(gauge -> gauge.call(openConnections.getAsInt())).register(registry);
    }

    /** The held messages, read at scrape time; the supplier must be cheap and safe from any thread. */
    public void watchHeld(IntSupplier heldMessages) {
        GaugeWithCallback.builder().name("mta_queue_held_messages")
                .help("Messages in the queue held by the operator").callback(gauge -> gauge.call(heldMessages.getAsInt())).register(registry);
    }

    /** The count of AUTH failures, read at scrape time; only when AUTH is offered at all. */
    public void watchAuthFailures(LongSupplier failures) {
        CounterWithCallback.builder().name("mta_auth_failures")
                .help("AUTH attempts refused: wrong password, unknown user or other refused credentials")
                .callback(counter -> counter.call(failures.getAsLong())).register(registry);
    }

    private static String status(DeliveryOutcome outcome) {
        if (outcome instanceof DeliveryOutcome.Delivered) {
            return "sent";
        }
        return outcome instanceof DeliveryOutcome.TempFail ? "deferred" : "bounced";
    }
}
