package dev.mta.daemon.config;

import dev.mta.core.address.Mailbox;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.HostAndPort;
import dev.mta.delivery.AddressFamilyPreference;
import dev.mta.delivery.DeliverySettings;
import dev.mta.delivery.RetrySettings;
import dev.mta.dkim.DkimSettings;
import dev.mta.queue.QueueSettings;
import dev.mta.smtpd.SmtpdSettings;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole validated configuration, bound from one properties file.
 *
 * @param source         the file it was read from
 * @param hostname       our host name: greeting, Received headers, HELO when relaying (A-label form)
 * @param stateDirectory where mta keeps state that is not the queue (generated keys and certificates)
 * @param smtpd          the SMTP server's settings
 * @param queue          the queue's settings
 * @param delivery       the delivery engine's settings
 * @param dkim           the DKIM signing keys
 * @param dnsServers     the DNS servers to ask; empty: those of /etc/resolv.conf
 * @param metricsAddress where the Prometheus metrics and health endpoint listens; empty: nowhere
 * @param controlSocket  the Unix socket where the queue commands reach the running daemon
 * @param local          the local submission socket and the origin domain of {@code mta sendmail}
 * @param deliveryEnabled false: mail is accepted and queued, and no delivery engine runs (benchmarks, staging)
 */
public record MtaConfig(Path source, String hostname, Path stateDirectory, SmtpdSettings smtpd, QueueSettings queue,
                        DeliverySettings delivery, DkimSettings dkim, List<HostAndPort> dnsServers,
                        Optional<InetSocketAddress> metricsAddress, Path controlSocket,
                        LocalSubmissionSettings local, boolean deliveryEnabled) {

    /**
     * Loopback only: metrics are for a Prometheus on the same machine or behind an SSH tunnel, not for the
     * Internet. 9464 is the port OpenTelemetry's Prometheus exporter uses by default, so it is rarely taken.
     */
    public static final InetSocketAddress DEFAULT_METRICS_ADDRESS = new InetSocketAddress("127.0.0.1", 9464);

    /** Where the control socket is unless configured (systemd's RuntimeDirectory=mta makes /run/mta). */
    public static final Path DEFAULT_CONTROL_SOCKET = Path.of("/run/mta/control.sock");

    public MtaConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(stateDirectory, "stateDirectory");
        Objects.requireNonNull(smtpd, "smtpd");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(delivery, "delivery");
        Objects.requireNonNull(dkim, "dkim");
        dnsServers = List.copyOf(dnsServers);
        Objects.requireNonNull(metricsAddress, "metricsAddress");
        Objects.requireNonNull(controlSocket, "controlSocket");
        Objects.requireNonNull(local, "local");
    }

    /**
     * The fixed parts with delivery, DKIM and metrics at their defaults (MX delivery, no relay host, no routes,
     * notices to {@code postmaster@hostname}, no keys, metrics on {@link #DEFAULT_METRICS_ADDRESS}, the control
     * socket at {@link #DEFAULT_CONTROL_SOCKET}, delivery enabled).
     */
    public MtaConfig(Path source, String hostname, Path stateDirectory, SmtpdSettings smtpd, QueueSettings queue) {
        this(source, hostname, stateDirectory, smtpd, queue,
                new DeliverySettings(RetrySettings.DEFAULTS, Optional.empty(), Map.of(),
                        AddressFamilyPreference.IPV4_FIRST,
                        Optional.of(new Mailbox("postmaster", DomainNames.parse(hostname)))),
                DkimSettings.NONE, List.of(), Optional.of(DEFAULT_METRICS_ADDRESS), DEFAULT_CONTROL_SOCKET,
                LocalSubmissionSettings.defaults(hostname), true);
    }
}
