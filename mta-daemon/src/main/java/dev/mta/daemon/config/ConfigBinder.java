package dev.mta.daemon.config;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.config.DataSize;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.HostAndPort;
import dev.mta.core.config.NextHop;
import dev.mta.core.config.Secret;
import dev.mta.daemon.config.ValueTypes.NoticeAddress;
import dev.mta.delivery.DeliverySettings;
import dev.mta.delivery.PasswordSource;
import dev.mta.delivery.RelayhostSettings;
import dev.mta.delivery.RetrySettings;
import dev.mta.delivery.SmtpAuthSettings;
import dev.mta.dkim.DkimKeySettings;
import dev.mta.dkim.DkimSettings;
import dev.mta.queue.QueueSettings;
import dev.mta.smtpd.AcceptedDomainSettings;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ListenerSettings;
import dev.mta.smtpd.ServerTlsSettings;
import dev.mta.smtpd.SniCertificate;
import dev.mta.smtpd.SmtpdSettings;
import dev.mta.smtpd.TimeoutSettings;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.mta.daemon.config.MtaKeys.ADDRESS_FAMILY;
import static dev.mta.daemon.config.MtaKeys.SOURCE_ADDRESS;
import static dev.mta.daemon.config.MtaKeys.ALIASES_FILE;
import static dev.mta.daemon.config.MtaKeys.COMMAND_TIMEOUT;
import static dev.mta.daemon.config.MtaKeys.CONNECTIONS;
import static dev.mta.daemon.config.MtaKeys.CONNECTIONS_PER_IP;
import static dev.mta.daemon.config.MtaKeys.DATA_TIMEOUT;
import static dev.mta.daemon.config.MtaKeys.DELAY_WARNING;
import static dev.mta.daemon.config.MtaKeys.DELIVERY_ENABLED;
import static dev.mta.daemon.config.MtaKeys.DNS_SERVERS;
import static dev.mta.daemon.config.MtaKeys.QUEUE_FREE_SPACE;
import static dev.mta.daemon.config.MtaKeys.DKIM_KEY;
import static dev.mta.daemon.config.MtaKeys.DOMAINS_KEY;
import static dev.mta.daemon.config.MtaKeys.DOMAIN_RECIPIENTS;
import static dev.mta.daemon.config.MtaKeys.CONTROL_SOCKET;
import static dev.mta.daemon.config.MtaKeys.HOSTNAME;
import static dev.mta.daemon.config.MtaKeys.LISTENERS_KEY;
import static dev.mta.daemon.config.MtaKeys.LISTENER_ADDRESS;
import static dev.mta.daemon.config.MtaKeys.LISTENER_ROLE;
import static dev.mta.daemon.config.MtaKeys.GREETING_DELAY;
import static dev.mta.daemon.config.MtaKeys.MESSAGES_PER_CONNECTION;
import static dev.mta.daemon.config.MtaKeys.MESSAGE_SIZE;
import static dev.mta.daemon.config.MtaKeys.METRICS_ADDRESS;
import static dev.mta.daemon.config.MtaKeys.POSTMASTER;
import static dev.mta.daemon.config.MtaKeys.QUEUE_DIRECTORY;
import static dev.mta.daemon.config.MtaKeys.QUEUE_LIFETIME;
import static dev.mta.daemon.config.MtaKeys.RECEIVED_HEADERS;
import static dev.mta.daemon.config.MtaKeys.RECIPIENTS;
import static dev.mta.daemon.config.MtaKeys.RELAYHOST;
import static dev.mta.daemon.config.MtaKeys.RELAYHOST_PASSWORD;
import static dev.mta.daemon.config.MtaKeys.RELAYHOST_PASSWORD_FILE;
import static dev.mta.daemon.config.MtaKeys.RELAYHOST_USERNAME;
import static dev.mta.daemon.config.MtaKeys.RELAY_NETWORKS;
import static dev.mta.daemon.config.MtaKeys.RETRY_FIRST;
import static dev.mta.daemon.config.MtaKeys.RETRY_MAX;
import static dev.mta.daemon.config.MtaKeys.ROUTE;
import static dev.mta.daemon.config.MtaKeys.SEND_RATE;
import static dev.mta.daemon.config.MtaKeys.STATE_DIRECTORY;
import static dev.mta.daemon.config.MtaKeys.TLS_CERTIFICATE;
import static dev.mta.daemon.config.MtaKeys.TLS_KEY;
import static dev.mta.daemon.config.MtaKeys.TLS_SELF_SIGNED;
import static dev.mta.daemon.config.MtaKeys.TLS_SNI_CERTIFICATE;
import static dev.mta.daemon.config.MtaKeys.TLS_SNI_KEY;
import static dev.mta.daemon.config.MtaKeys.USERS_FILE;

/**
 * Binds the properties of one file: after {@link CheckedProperties} has checked each key on its own, checks the
 * rules that span keys (listeners and their addresses, certificate, accepted domains, queue and retry times, relay
 * host login) and builds the settings records. Every error is collected; binding stops only at the end, and then
 * with all of them. Used once per load.
 */
final class ConfigBinder {

    private final KeyRegistry registry;
    private final Path file;
    private final ConfigErrors errors;
    private final CheckedProperties properties;

    ConfigBinder(KeyRegistry registry, Path file, EnvInterpolator interpolator, List<RawProperty> raw) {
        this.registry = registry;
        this.file = file;
        this.errors = new ConfigErrors(file.toString());
        this.properties = new CheckedProperties(registry, interpolator, errors, raw);
    }

    /**
     * Runs the checks across keys and builds the settings.
     *
     * @throws ConfigException with every error found, those of single keys first
     */
    LoadedConfig bind() throws ConfigException {
        Optional<String> hostname = properties.get(HOSTNAME);
        Optional<Path> stateDirectory = properties.get(STATE_DIRECTORY);
        Optional<Path> controlSocket = properties.get(CONTROL_SOCKET);
        List<ListenerSettings> bound = new ArrayList<>();
        Optional<List<ListenerSettings>> listeners = listeners(bound);
        Optional<ServerTlsSettings> tls = tls(bound, listeners.isPresent(), stateDirectory);
        Optional<List<AcceptedDomainSettings>> domains = domains();
        Optional<QueueSettings> queue = queue();
        Optional<DeliverySettings> delivery = delivery(hostname);
        Optional<DkimSettings> dkim = dkim();
        Optional<LimitSettings> limits = limits();
        Optional<TimeoutSettings> timeouts = timeouts();
        Optional<Optional<HostAndPort>> metrics = properties.get(METRICS_ADDRESS);

        if (!errors.isEmpty()) {
            throw new ConfigException(errors.list());
        }
        SmtpdSettings smtpd = new SmtpdSettings(listeners.orElseThrow(), tls.orElseThrow(), limits.orElseThrow(),
                timeouts.orElseThrow(), properties.get(RELAY_NETWORKS).orElseThrow(), domains.orElseThrow(),
                properties.get(ALIASES_FILE).orElseThrow(), properties.get(USERS_FILE).orElseThrow());
        MtaConfig config = new MtaConfig(file, hostname.orElseThrow(), stateDirectory.orElseThrow(), smtpd,
                queue.orElseThrow(), delivery.orElseThrow(), dkim.orElseThrow(),
                properties.get(DNS_SERVERS).orElseThrow(),
                metrics.orElseThrow().map(HostAndPort::toSocketAddress), controlSocket.orElseThrow(),
                new LocalSubmissionSettings(
                        properties.get(MtaKeys.SUBMISSION_SOCKET).orElseThrow(), properties.get(MtaKeys.ORIGIN_DOMAIN)
                        .orElseThrow().orElseGet(() -> LocalSubmissionSettings.originOf(hostname.orElseThrow()))),
                properties.get(DELIVERY_ENABLED).orElseThrow());
        return new LoadedConfig(config, effective());
    }

    private static Optional<Boolean> all(Optional<?>... values) {
        for (Optional<?> v : values) {
            if (v.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(true);
    }

    // Limits and timeouts

    private Optional<LimitSettings> limits() {
        var size = properties.get(MESSAGE_SIZE);
        var recipients = properties.get(RECIPIENTS);
        var connections = properties.get(CONNECTIONS);
        var perIp = properties.get(CONNECTIONS_PER_IP);
        var rate = properties.get(SEND_RATE);
        var received = properties.get(RECEIVED_HEADERS);
        var perConnection = properties.get(MESSAGES_PER_CONNECTION);
        return all(size, recipients, connections, perIp, rate, received, perConnection).map(ok -> new LimitSettings(
                size.get(), recipients.get(), connections.get(), perIp.get(), rate.get(), received.get(),
                perConnection.get()));
    }

    private Optional<TimeoutSettings> timeouts() {
        var command = properties.get(COMMAND_TIMEOUT);
        var data = properties.get(DATA_TIMEOUT);
        var greeting = properties.get(GREETING_DELAY);
        if (all(command, data, greeting).isEmpty()) {
            return Optional.empty();
        }
        if (greeting.get().compareTo(command.get()) >= 0) {
            errors.value(GREETING_DELAY.name(), properties.text(GREETING_DELAY), false, "must be shorter than "
                    + COMMAND_TIMEOUT.name() + " (" + properties.text(COMMAND_TIMEOUT) + ")");
            return Optional.empty();
        }
        return Optional.of(new TimeoutSettings(command.get(), data.get(), greeting.get()));
    }

    // Listeners

    /**
     * The listed listeners, if all of them are complete and valid. {@code bound} receives those that are, so that
     * the TLS check can speak about them even while another listener has an error.
     */
    private Optional<List<ListenerSettings>> listeners(List<ListenerSettings> bound) {
        Optional<List<String>> names = properties.get(LISTENERS_KEY);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        String listed = String.join(", ", names.get());
        for (KeyFamily<?> family : List.of(LISTENER_ADDRESS, LISTENER_ROLE)) {
            for (CheckedProperties.Instance i : properties.instances(family)) {
                String name = i.variables().get("name");
                if (!names.get().contains(name)) {
                    errors.key(i.key(), "listener " + name + " is not in listeners (" + listed
                            + "); add it there, or remove this key");
                }
            }
        }
        List<FamilyValue<HostAndPort>> addresses = new ArrayList<>();
        boolean complete = true;
        for (String name : names.get()) {
            Map<String, String> vars = Map.of("name", name);
            String addressKey = LISTENER_ADDRESS.pattern().instance(vars);
            String roleKey = LISTENER_ROLE.pattern().instance(vars);
            Optional<FamilyValue<HostAndPort>> address = properties.isInvalid(addressKey)
                    ? Optional.empty() : properties.instance(LISTENER_ADDRESS, vars);
            Optional<FamilyValue<ListenerRole>> role = properties.isInvalid(roleKey)
                    ? Optional.empty() : properties.instance(LISTENER_ROLE, vars);
            if (address.isEmpty() && !properties.isInvalid(addressKey)) {
                errors.value(LISTENERS_KEY.name(), properties.text(LISTENERS_KEY), false,
                        "listener " + name + " has no address: set " + addressKey);
            }
            if (role.isEmpty() && !properties.isInvalid(roleKey)) {
                errors.value(LISTENERS_KEY.name(), properties.text(LISTENERS_KEY), false,
                        "listener " + name + " has no role: set " + roleKey + " to smtp, submission or submissions");
            }
            if (address.isEmpty() || role.isEmpty()) {
                complete = false;
                continue;
            }
            addresses.add(address.get());
            bound.add(new ListenerSettings(name, address.get().value().toSocketAddress(), role.get().value()));
        }
        checkBindConflicts(addresses);
        return complete ? Optional.of(List.copyOf(bound)) : Optional.empty();
    }

    /**
     * Two listeners cannot bind the same address and port; nor a port that a wildcard listener of the same family
     * holds ({@code [::]} takes IPv4 too, the JDK opens it dual-stack). Port 0 gets a fresh port each time.
     */
    private void checkBindConflicts(List<FamilyValue<HostAndPort>> addresses) {
        for (int j = 1; j < addresses.size(); j++) {
            for (int i = 0; i < j; i++) {
                FamilyValue<HostAndPort> a = addresses.get(i);
                FamilyValue<HostAndPort> b = addresses.get(j);
                if (conflict(a.value().toSocketAddress(), b.value().toSocketAddress())) {
                    errors.value(b.key(), b.text() + (b.fromFile() ? "" : " (default)"), false,
                            "conflicts with " + a.key() + " = " + a.text() + (a.fromFile() ? "" : " (default)")
                                    + ": two listeners cannot bind the same port on the same address");
                }
            }
        }
    }

    private static boolean conflict(InetSocketAddress a, InetSocketAddress b) {
        if (a.getPort() != b.getPort() || a.getPort() == 0) {
            return false;
        }
        InetAddress x = a.getAddress();
        InetAddress y = b.getAddress();
        if (x.equals(y)) {
            return true;
        }
        boolean xWildcardAny = x.isAnyLocalAddress() && !(x instanceof Inet4Address);
        boolean yWildcardAny = y.isAnyLocalAddress() && !(y instanceof Inet4Address);
        if (xWildcardAny || yWildcardAny) {
            return true;
        }
        boolean sameFamily = (x instanceof Inet4Address) == (y instanceof Inet4Address);
        return sameFamily && (x.isAnyLocalAddress() || y.isAnyLocalAddress());
    }

    // TLS

    private Optional<ServerTlsSettings> tls(List<ListenerSettings> listeners, boolean listenersComplete,
                                            Optional<Path> state) {
        Optional<Optional<Path>> certificate = properties.get(TLS_CERTIFICATE);
        Optional<Optional<Path>> key = properties.get(TLS_KEY);
        Optional<Boolean> selfSigned = properties.get(TLS_SELF_SIGNED);
        if (all(certificate, key, selfSigned).isEmpty()) {
            return Optional.empty();
        }
        Optional<List<SniCertificate>> sni = sniCertificates();
        if (sni.isEmpty()) {
            return Optional.empty();
        }
        return defaultTls(listeners, listenersComplete, state, certificate.get(), key.get(), selfSigned.get())
                .map(t -> new ServerTlsSettings(t.certificateChain(), t.privateKey(), t.selfSignedIfMissing(),
                        sni.get()));
    }

    /** The certificates by server name: each name needs a certificate and a key, and is named once. */
    private Optional<List<SniCertificate>> sniCertificates() {
        Map<String, FamilyValue<Path>> certificates = new LinkedHashMap<>();
        Map<String, FamilyValue<Path>> keys = new LinkedHashMap<>();
        boolean ok = true;
        for (var pair : List.of(Map.entry(TLS_SNI_CERTIFICATE, certificates), Map.entry(TLS_SNI_KEY, keys))) {
            for (FamilyValue<Path> b : properties.given(pair.getKey())) {
                String name = DomainNames.parse(b.variables().get("domain")).ascii();
                if (pair.getValue().put(name, b) != null) {
                    errors.key(b.key(), "a second key for " + name + " (written another way)");
                    ok = false;
                }
            }
        }
        List<SniCertificate> result = new ArrayList<>();
        for (Map.Entry<String, FamilyValue<Path>> c : certificates.entrySet()) {
            FamilyValue<Path> k = keys.get(c.getKey());
            if (k == null) {
                errors.key(c.getValue().key(), "no key: set " + TLS_SNI_KEY.pattern().instance(
                        Map.of("domain", c.getValue().variables().get("domain"))) + " too");
                ok = false;
                continue;
            }
            result.add(new SniCertificate(c.getKey(), c.getValue().value(), k.value()));
        }
        for (Map.Entry<String, FamilyValue<Path>> k : keys.entrySet()) {
            if (!certificates.containsKey(k.getKey())) {
                errors.key(k.getValue().key(), "no certificate: set " + TLS_SNI_CERTIFICATE.pattern().instance(
                        Map.of("domain", k.getValue().variables().get("domain"))) + " too");
                ok = false;
            }
        }
        return ok ? Optional.of(result) : Optional.empty();
    }

    private Optional<ServerTlsSettings> defaultTls(List<ListenerSettings> listeners, boolean listenersComplete,
                                                   Optional<Path> state, Optional<Path> certificate,
                                                   Optional<Path> key, boolean selfSigned) {
        if (certificate.isPresent() && key.isPresent()) {
            return Optional.of(new ServerTlsSettings(certificate.get(), key.get(), selfSigned));
        }
        if (certificate.isPresent() != key.isPresent()) {
            ConfigKey<?> empty = certificate.isEmpty() ? TLS_CERTIFICATE : TLS_KEY;
            ConfigKey<?> set = certificate.isEmpty() ? TLS_KEY : TLS_CERTIFICATE;
            errors.value(empty.name(), "", false, "empty while " + set.name() + " is set; set both, or neither");
            return Optional.empty();
        }
        if (selfSigned) {
            // No certificate configured: a generated pair is kept with the other generated state.
            return state.map(dir -> new ServerTlsSettings(dir.resolve("tls/cert.pem"), dir.resolve("tls/key.pem"),
                    true));
        }
        List<String> needing = listeners.stream()
                .map(l -> l.name() + (l.role().requiresTls() ? " needs TLS" : " offers STARTTLS (RFC 3207)"))
                .toList();
        if (!needing.isEmpty()) {
            errors.value(TLS_CERTIFICATE.name(), "", false, "no certificate, and " + TLS_SELF_SIGNED.name()
                    + " is false, but listener " + String.join(", listener ", needing) + ": set "
                    + TLS_CERTIFICATE.name() + " and " + TLS_KEY.name() + ", or " + TLS_SELF_SIGNED.name()
                    + " = true");
        }
        return listenersComplete && listeners.isEmpty() && state.isPresent()
                ? Optional.of(new ServerTlsSettings(state.get().resolve("tls/cert.pem"),
                state.get().resolve("tls/key.pem"), false))
                : Optional.empty();
    }

    // Domains

    private Optional<List<AcceptedDomainSettings>> domains() {
        Optional<List<Domain>> domains = properties.get(DOMAINS_KEY);
        Map<Domain, Path> recipients = new LinkedHashMap<>();
        for (FamilyValue<Path> b : properties.given(DOMAIN_RECIPIENTS)) {
            Domain d = DomainNames.parse(b.variables().get("domain"));
            if (recipients.put(d, b.value()) != null) {
                errors.key(b.key(), "a second recipients key for " + d.ascii() + " (written another way)");
            }
            if (domains.isPresent() && !domains.get().contains(d)) {
                errors.key(b.key(), d.ascii() + " is not an accepted domain; add it to " + DOMAINS_KEY.name()
                        + " (" + properties.text(DOMAINS_KEY) + ")");
            }
        }
        return domains.map(list -> list.stream()
                .map(d -> new AcceptedDomainSettings(d, Optional.ofNullable(recipients.get(d))))
                .toList());
    }

    // Queue

    private Optional<QueueSettings> queue() {
        Optional<Path> directory = properties.get(QUEUE_DIRECTORY);
        Optional<Duration> lifetime = properties.get(QUEUE_LIFETIME);
        Optional<Duration> warning = properties.get(DELAY_WARNING);
        Optional<DataSize> reserve = properties.get(QUEUE_FREE_SPACE);
        if (all(directory, lifetime, warning, reserve).isEmpty()) {
            return Optional.empty();
        }
        if (warning.get().compareTo(lifetime.get()) >= 0) {
            errors.value(DELAY_WARNING.name(), properties.text(DELAY_WARNING), false, "must be shorter than "
                    + QUEUE_LIFETIME.name() + " (" + properties.text(QUEUE_LIFETIME) + "), or the warning never comes");
            return Optional.empty();
        }
        QueueSettings defaults = new QueueSettings(directory.get(), lifetime.get(), warning.get());
        return Optional.of(defaults.withStorage(reserve.get().bytes(), defaults.segmentSize(),
                defaults.freeSpaceInterval()));
    }

    // Delivery

    private Optional<DeliverySettings> delivery(Optional<String> hostname) {
        Optional<RetrySettings> retry = retry();
        Optional<Optional<RelayhostSettings>> relayhost = relayhost();
        Optional<Map<Domain, NextHop>> routes = routes();
        Optional<Optional<NoticeAddress>> notice = properties.get(POSTMASTER);
        if (all(retry, relayhost, routes, notice, properties.get(ADDRESS_FAMILY), properties.get(SOURCE_ADDRESS),
                hostname).isEmpty()) {
            return Optional.empty();
        }
        Optional<Mailbox> postmaster = notice.get().map(n -> new Mailbox(n.localPart(),
                n.domain().orElseGet(() -> DomainNames.parse(hostname.get()))));
        return Optional.of(new DeliverySettings(retry.get(), relayhost.get(), routes.get(),
                properties.get(ADDRESS_FAMILY).get(), postmaster, properties.get(SOURCE_ADDRESS).get()));
    }

    private Optional<RetrySettings> retry() {
        Optional<Duration> first = properties.get(RETRY_FIRST);
        Optional<Duration> max = properties.get(RETRY_MAX);
        if (all(first, max).isEmpty()) {
            return Optional.empty();
        }
        if (first.get().compareTo(max.get()) > 0) {
            errors.value(RETRY_FIRST.name(), properties.text(RETRY_FIRST), false,
                    "must not be longer than " + RETRY_MAX.name() + " (" + properties.text(RETRY_MAX) + ")");
            return Optional.empty();
        }
        return Optional.of(new RetrySettings(first.get(), max.get()));
    }

    private Optional<Optional<RelayhostSettings>> relayhost() {
        Optional<Optional<NextHop>> host = properties.get(RELAYHOST);
        Optional<Optional<String>> username = properties.get(RELAYHOST_USERNAME);
        Optional<Optional<Secret>> password = properties.get(RELAYHOST_PASSWORD);
        Optional<Optional<Path>> passwordFile = properties.get(RELAYHOST_PASSWORD_FILE);
        if (all(host, username, password, passwordFile).isEmpty()) {
            return Optional.empty();
        }
        boolean ok = true;
        if (host.get().isEmpty()) {
            for (ConfigKey<?> k : List.of(RELAYHOST_USERNAME, RELAYHOST_PASSWORD, RELAYHOST_PASSWORD_FILE)) {
                if (!properties.text(k).isEmpty()) {
                    errors.value(k.name(), properties.text(k), k.secret(),
                            "set, but " + RELAYHOST.name() + " is empty");
                    ok = false;
                }
            }
            // Without a relay host the login is moot; saying what else it lacks would be noise.
            return ok ? Optional.of(Optional.empty()) : Optional.empty();
        }
        if (password.get().isPresent() && passwordFile.get().isPresent()) {
            errors.value(RELAYHOST_PASSWORD_FILE.name(), properties.text(RELAYHOST_PASSWORD_FILE), false,
                    "set together with " + RELAYHOST_PASSWORD.name() + "; keep one of them");
            ok = false;
        }
        if (username.get().isPresent() && password.get().isEmpty() && passwordFile.get().isEmpty()) {
            errors.value(RELAYHOST_USERNAME.name(), properties.text(RELAYHOST_USERNAME), false, "needs "
                    + RELAYHOST_PASSWORD.name() + " or " + RELAYHOST_PASSWORD_FILE.name());
            ok = false;
        }
        if (username.get().isEmpty() && (password.get().isPresent() || passwordFile.get().isPresent())) {
            ConfigKey<?> k = password.get().isPresent() ? RELAYHOST_PASSWORD : RELAYHOST_PASSWORD_FILE;
            errors.value(k.name(), properties.text(k), k.secret(),
                    "set, but " + RELAYHOST_USERNAME.name() + " is empty");
            ok = false;
        }
        if (!ok) {
            return Optional.empty();
        }
        Optional<SmtpAuthSettings> auth = username.get().map(user -> new SmtpAuthSettings(user,
                password.get().<PasswordSource>map(PasswordSource.Literal::new)
                        .orElseGet(() -> new PasswordSource.FromFile(passwordFile.get().orElseThrow()))));
        return Optional.of(host.get().map(h -> new RelayhostSettings(h, auth)));
    }

    private Optional<Map<Domain, NextHop>> routes() {
        Map<Domain, NextHop> routes = new LinkedHashMap<>();
        for (FamilyValue<NextHop> b : properties.given(ROUTE)) {
            Domain d = DomainNames.parse(b.variables().get("domain"));
            if (routes.put(d, b.value()) != null) {
                errors.key(b.key(), "a second route for " + d.ascii() + " (written another way)");
            }
        }
        return Optional.of(routes);
    }

    // DKIM

    private Optional<DkimSettings> dkim() {
        List<DkimKeySettings> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (FamilyValue<Path> b : properties.given(DKIM_KEY)) {
            Domain d = DomainNames.parse(b.variables().get("domain"));
            String selector = b.variables().get("selector").toLowerCase(Locale.ROOT);
            if (!seen.add(d.ascii() + "/" + selector)) {
                errors.key(b.key(), "a second key for selector " + selector + " of " + d.ascii()
                        + " (written another way)");
            }
            keys.add(new DkimKeySettings(d, selector, b.value()));
        }
        return Optional.of(new DkimSettings(keys));
    }

    // The effective configuration

    private List<EffectiveSetting> effective() {
        List<EffectiveSetting> result = new ArrayList<>();
        for (KeySpec spec : registry.specs()) {
            if (spec instanceof ConfigKey<?> key) {
                result.add(effective(key));
            } else if (spec instanceof KeyFamily<?> family) {
                effective(family, result);
            }
        }
        return result;
    }

    private <T> EffectiveSetting effective(ConfigKey<T> key) {
        String value = key.type().format(properties.get(key).orElseThrow());
        return new EffectiveSetting(key.name(), key.secret() && !value.isEmpty() ? Secret.MASK : value,
                !properties.isGiven(key.name()));
    }

    private <T> void effective(KeyFamily<T> family, List<EffectiveSetting> out) {
        List<FamilyValue<T>> bound = new ArrayList<>();
        if (family == LISTENER_ADDRESS || family == LISTENER_ROLE) {
            // Listener keys in effect are those of the listed listeners, defaults included.
            for (String name : properties.get(LISTENERS_KEY).orElseThrow()) {
                properties.instance(family, Map.of("name", name)).ifPresent(bound::add);
            }
        } else {
            bound.addAll(properties.given(family));
        }
        for (FamilyValue<T> b : bound) {
            out.add(new EffectiveSetting(b.key(), family.type().format(b.value()), !b.fromFile()));
        }
    }
}
