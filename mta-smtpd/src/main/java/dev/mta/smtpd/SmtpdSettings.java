package dev.mta.smtpd;

import dev.mta.core.config.Cidr;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the SMTP server is configured with. Built by the daemon's configuration binder; the defaults
 * named here are the ones its key registry documents (a test keeps the two equal).
 *
 * @param listeners     the sockets to serve
 * @param tls           the server certificate
 * @param limits        per-message and per-client limits
 * @param timeouts      how long to wait for a client
 * @param relayNetworks clients that may relay to any domain without AUTH (and are exempt from per-IP limits)
 * @param domains       the accepted domains: mail to them is taken from anyone
 * @param aliasesFile   the aliases file, if any
 * @param usersFile     the users file (AUTH and who may send as whom), if any
 */
public record SmtpdSettings(List<ListenerSettings> listeners, ServerTlsSettings tls, LimitSettings limits,
                            TimeoutSettings timeouts, List<Cidr> relayNetworks, List<AcceptedDomainSettings> domains,
                            Optional<Path> aliasesFile, Optional<Path> usersFile) {

    /** The loopback networks: mail from the host itself may relay. */
    public static final List<Cidr> DEFAULT_RELAY_NETWORKS =
            List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));

    public SmtpdSettings {
        listeners = List.copyOf(listeners);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        relayNetworks = List.copyOf(relayNetworks);
        domains = List.copyOf(domains);
        Objects.requireNonNull(aliasesFile, "aliasesFile");
        Objects.requireNonNull(usersFile, "usersFile");
    }

    /** Listeners and certificate with every other setting at its default: no accepted domains, no users. */
    public SmtpdSettings(List<ListenerSettings> listeners, ServerTlsSettings tls) {
        this(listeners, tls, LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS, DEFAULT_RELAY_NETWORKS, List.of(),
                Optional.empty(), Optional.empty());
    }
}
