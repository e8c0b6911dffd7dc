package dev.mta.daemon.config;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.HostAndPort;
import dev.mta.core.config.InvalidValueException;
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
import dev.mta.smtpd.SmtpdSettings;
import dev.mta.smtpd.TimeoutSettings;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.mta.daemon.config.MtaKeys.ADDRESS_FAMILY;
import static dev.mta.daemon.config.MtaKeys.ALIASES_FILE;
import static dev.mta.daemon.config.MtaKeys.COMMAND_TIMEOUT;
import static dev.mta.daemon.config.MtaKeys.CONNECTIONS;
import static dev.mta.daemon.config.MtaKeys.CONNECTIONS_PER_IP;
import static dev.mta.daemon.config.MtaKeys.DATA_TIMEOUT;
import static dev.mta.daemon.config.MtaKeys.DELAY_WARNING;
import static dev.mta.daemon.config.MtaKeys.DKIM_KEY;
import static dev.mta.daemon.config.MtaKeys.DOMAINS_KEY;
import static dev.mta.daemon.config.MtaKeys.DOMAIN_RECIPIENTS;
import static dev.mta.daemon.config.MtaKeys.HOSTNAME;
import static dev.mta.daemon.config.MtaKeys.LISTENERS_KEY;
import static dev.mta.daemon.config.MtaKeys.LISTENER_ADDRESS;
import static dev.mta.daemon.config.MtaKeys.LISTENER_ROLE;
import static dev.mta.daemon.config.MtaKeys.MESSAGE_SIZE;
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
import static dev.mta.daemon.config.MtaKeys.USERS_FILE;

/**
 * Binds the properties of one file: checks every key against the registry and every value against its type,
 * then the rules that span keys, and builds the settings records. Every error is collected; binding stops only
 * at the end, and then with all of them. Used once per load.
 */
final class ConfigBinder {

    /** A key given in the file, with its interpolated, valid text. */
    private record Given(String text, int line) {
    }

    /** A key of a family given in the file, with its variables and valid text. */
    private record Instance(String key, Map<String, String> variables, String text) {
    }

    /** A key of a family with its typed value; {@code fromFile} is false for an instance default. */
    private record Bound<T>(String key, Map<String, String> variables, T value, String text, boolean fromFile) {
    }

    private final KeyRegistry registry;
    private final Path file;
    private final EnvInterpolator interpolator;
    private final ConfigErrors errors;
    private final Map<String, Given> given = new LinkedHashMap<>();
    private final Map<KeyFamily<?>, List<Instance>> instances = new LinkedHashMap<>();
    /** Keys given in the file whose value is invalid: checks that need them are skipped, not reported twice. */
    private final Set<String> invalid = new HashSet<>();

    ConfigBinder(KeyRegistry registry, Path file, EnvInterpolator interpolator) {
        this.registry = registry;
        this.file = file;
        this.interpolator = interpolator;
        this.errors = new ConfigErrors(file.toString());
    }

    LoadedConfig bind(List<RawProperty> properties) throws ConfigException {
        Map<String, RawProperty> first = new HashMap<>();
        for (RawProperty p : properties) {
            RawProperty earlier = first.putIfAbsent(p.key(), p);
            if (earlier != null) {
                errors.key(p.key(), "set twice (lines " + earlier.line() + " and " + p.line() + "); keep one");
                invalid.add(p.key());
            }
        }
        for (RawProperty p : properties) {
            if (first.get(p.key()) == p) {
                read(p);
            }
        }
        for (KeySpec spec : registry.specs()) {
            if (spec instanceof ConfigKey<?> key && key.defaultValue().isEmpty() && !given.containsKey(key.name())
                    && !invalid.contains(key.name())) {
                errors.key(key.name(), "not set; it is required: " + key.doc() + " (e.g. " + key.example() + ")");
                invalid.add(key.name());
            }
        }

        Optional<String> hostname = get(HOSTNAME);
        Optional<Path> stateDirectory = get(STATE_DIRECTORY);
        List<ListenerSettings> bound = new ArrayList<>();
        Optional<List<ListenerSettings>> listeners = listeners(bound);
        Optional<ServerTlsSettings> tls = tls(bound, listeners.isPresent(), stateDirectory);
        Optional<List<AcceptedDomainSettings>> domains = domains();
        Optional<QueueSettings> queue = queue();
        Optional<DeliverySettings> delivery = delivery(hostname);
        Optional<DkimSettings> dkim = dkim();
        Optional<LimitSettings> limits = all(get(MESSAGE_SIZE), get(RECIPIENTS), get(CONNECTIONS),
                get(CONNECTIONS_PER_IP), get(SEND_RATE), get(RECEIVED_HEADERS))
                .map(ok -> new LimitSettings(get(MESSAGE_SIZE).orElseThrow(), get(RECIPIENTS).orElseThrow(),
                        get(CONNECTIONS).orElseThrow(), get(CONNECTIONS_PER_IP).orElseThrow(),
                        get(SEND_RATE).orElseThrow(), get(RECEIVED_HEADERS).orElseThrow()));
        Optional<TimeoutSettings> timeouts = all(get(COMMAND_TIMEOUT), get(DATA_TIMEOUT))
                .map(ok -> new TimeoutSettings(get(COMMAND_TIMEOUT).orElseThrow(), get(DATA_TIMEOUT).orElseThrow()));

        if (!errors.isEmpty()) {
            throw new ConfigException(errors.list());
        }
        SmtpdSettings smtpd = new SmtpdSettings(listeners.orElseThrow(), tls.orElseThrow(), limits.orElseThrow(),
                timeouts.orElseThrow(), get(RELAY_NETWORKS).orElseThrow(), domains.orElseThrow(),
                get(ALIASES_FILE).orElseThrow(), get(USERS_FILE).orElseThrow());
        MtaConfig config = new MtaConfig(file, hostname.orElseThrow(), stateDirectory.orElseThrow(), smtpd,
                queue.orElseThrow(), delivery.orElseThrow(), dkim.orElseThrow());
        return new LoadedConfig(config, effective());
    }

    // Reading one property

    private void read(RawProperty p) {
        String key = p.key();
        if (key.isEmpty()) {
            errors.file("line " + p.line() + ": a value without a key");
            return;
        }
        if (key.equalsIgnoreCase("include") || key.equalsIgnoreCase("includeoptional")) {
            errors.key(key, "not supported: mta reads one file (line " + p.line() + ")");
            return;
        }
        Optional<ConfigKey<?>> fixed = registry.key(key);
        Optional<KeyRegistry.FamilyMatch> family = fixed.isPresent() ? Optional.empty() : registry.family(key);
        if (fixed.isEmpty() && family.isEmpty()) {
            String hint = new KeySuggester(registry).suggest(key).map(s -> "; " + s).orElse("");
            errors.key(key, "unknown key" + hint);
            return;
        }
        if (family.isPresent()) {
            try {
                family.get().family().pattern().checkVariables(family.get().variables());
            } catch (InvalidValueException e) {
                errors.key(key, "key of " + family.get().family().name() + ": " + e.getMessage());
                invalid.add(key);
                return;
            }
        }
        boolean secret = fixed.map(ConfigKey::secret).orElse(false);
        EnvInterpolator.Result interpolated = interpolator.interpolate(p.value());
        if (!interpolated.problems().isEmpty()) {
            interpolated.problems().forEach(problem -> errors.value(key, p.value(), secret, problem));
            invalid.add(key);
            return;
        }
        String text = interpolated.value().strip();
        if (hasControlCharacter(text)) {
            errors.value(key, text, secret, "must not contain control characters such as line breaks");
            invalid.add(key);
            return;
        }
        try {
            if (fixed.isPresent()) {
                fixed.get().type().parse(text);
                given.put(key, new Given(text, p.line()));
            } else {
                KeyRegistry.FamilyMatch match = family.get();
                match.family().type().parse(text);
                instances.computeIfAbsent(match.family(), f -> new ArrayList<>())
                        .add(new Instance(key, match.variables(), text));
            }
        } catch (InvalidValueException e) {
            errors.value(key, text, secret, e.getMessage());
            invalid.add(key);
        }
    }

    private static boolean hasControlCharacter(String text) {
        return text.chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f);
    }

    // Typed access

    /** The key's value, its default when not given; empty when the given value was invalid (already reported). */
    private <T> Optional<T> get(ConfigKey<T> key) {
        if (invalid.contains(key.name())) {
            return Optional.empty();
        }
        Given g = given.get(key.name());
        if (g != null) {
            return Optional.of(key.type().parse(g.text()));
        }
        return key.defaultValue().map(text -> key.type().parse(text));
    }

    private String text(ConfigKey<?> key) {
        Given g = given.get(key.name());
        return g != null ? g.text() : key.defaultValue().orElse("");
    }

    /** The valid keys of a family given in the file, in file order. */
    private <T> List<Bound<T>> given(KeyFamily<T> family) {
        List<Bound<T>> result = new ArrayList<>();
        for (Instance i : instances.getOrDefault(family, List.of())) {
            result.add(new Bound<>(i.key(), i.variables(), family.type().parse(i.text()), i.text(), true));
        }
        return result;
    }

    /** The family key for these variables: as given, else its instance default, else empty. */
    private <T> Optional<Bound<T>> instance(KeyFamily<T> family, Map<String, String> variables) {
        String key = family.pattern().instance(variables);
        for (Bound<T> b : given(family)) {
            if (b.key().equals(key)) {
                return Optional.of(b);
            }
        }
        return family.instanceDefault().apply(variables)
                .map(text -> new Bound<>(key, variables, family.type().parse(text), text, false));
    }

    private static Optional<Boolean> all(Optional<?>... values) {
        for (Optional<?> v : values) {
            if (v.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(true);
    }

    // Listeners

    /**
     * The listed listeners, if all of them are complete and valid. {@code bound} receives those that are, so that
     * the TLS check can speak about them even while another listener has an error.
     */
    private Optional<List<ListenerSettings>> listeners(List<ListenerSettings> bound) {
        Optional<List<String>> names = get(LISTENERS_KEY);
        if (names.isEmpty()) {
            return Optional.empty();
        }
        String listed = String.join(", ", names.get());
        for (KeyFamily<?> family : List.of(LISTENER_ADDRESS, LISTENER_ROLE)) {
            for (Instance i : instances.getOrDefault(family, List.of())) {
                String name = i.variables().get("name");
                if (!names.get().contains(name)) {
                    errors.key(i.key(), "listener " + name + " is not in listeners (" + listed
                            + "); add it there, or remove this key");
                }
            }
        }
        List<Bound<HostAndPort>> addresses = new ArrayList<>();
        boolean complete = true;
        for (String name : names.get()) {
            Map<String, String> vars = Map.of("name", name);
            String addressKey = LISTENER_ADDRESS.pattern().instance(vars);
            String roleKey = LISTENER_ROLE.pattern().instance(vars);
            Optional<Bound<HostAndPort>> address = invalid.contains(addressKey)
                    ? Optional.empty() : instance(LISTENER_ADDRESS, vars);
            Optional<Bound<ListenerRole>> role = invalid.contains(roleKey)
                    ? Optional.empty() : instance(LISTENER_ROLE, vars);
            if (address.isEmpty() && !invalid.contains(addressKey)) {
                errors.value(LISTENERS_KEY.name(), text(LISTENERS_KEY), false,
                        "listener " + name + " has no address: set " + addressKey);
            }
            if (role.isEmpty() && !invalid.contains(roleKey)) {
                errors.value(LISTENERS_KEY.name(), text(LISTENERS_KEY), false,
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
    private void checkBindConflicts(List<Bound<HostAndPort>> addresses) {
        for (int j = 1; j < addresses.size(); j++) {
            for (int i = 0; i < j; i++) {
                Bound<HostAndPort> a = addresses.get(i);
                Bound<HostAndPort> b = addresses.get(j);
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
        Optional<Optional<Path>> certificate = get(TLS_CERTIFICATE);
        Optional<Optional<Path>> key = get(TLS_KEY);
        Optional<Boolean> selfSigned = get(TLS_SELF_SIGNED);
        if (all(certificate, key, selfSigned).isEmpty()) {
            return Optional.empty();
        }
        if (certificate.get().isPresent() && key.get().isPresent()) {
            return Optional.of(new ServerTlsSettings(certificate.get().get(), key.get().get(), selfSigned.get()));
        }
        if (certificate.get().isPresent() != key.get().isPresent()) {
            ConfigKey<?> empty = certificate.get().isEmpty() ? TLS_CERTIFICATE : TLS_KEY;
            ConfigKey<?> set = certificate.get().isEmpty() ? TLS_KEY : TLS_CERTIFICATE;
            errors.value(empty.name(), "", false, "empty while " + set.name() + " is set; set both, or neither");
            return Optional.empty();
        }
        if (selfSigned.get()) {
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
        Optional<List<Domain>> domains = get(DOMAINS_KEY);
        Map<Domain, Path> recipients = new LinkedHashMap<>();
        for (Bound<Path> b : given(DOMAIN_RECIPIENTS)) {
            Domain d = DomainNames.parse(b.variables().get("domain"));
            if (recipients.put(d, b.value()) != null) {
                errors.key(b.key(), "a second recipients key for " + d.ascii() + " (written another way)");
            }
            if (domains.isPresent() && !domains.get().contains(d)) {
                errors.key(b.key(), d.ascii() + " is not an accepted domain; add it to " + DOMAINS_KEY.name()
                        + " (" + text(DOMAINS_KEY) + ")");
            }
        }
        return domains.map(list -> list.stream()
                .map(d -> new AcceptedDomainSettings(d, Optional.ofNullable(recipients.get(d))))
                .toList());
    }

    // Queue

    private Optional<QueueSettings> queue() {
        Optional<Path> directory = get(QUEUE_DIRECTORY);
        Optional<Duration> lifetime = get(QUEUE_LIFETIME);
        Optional<Duration> warning = get(DELAY_WARNING);
        if (all(directory, lifetime, warning).isEmpty()) {
            return Optional.empty();
        }
        if (warning.get().compareTo(lifetime.get()) >= 0) {
            errors.value(DELAY_WARNING.name(), text(DELAY_WARNING), false, "must be shorter than "
                    + QUEUE_LIFETIME.name() + " (" + text(QUEUE_LIFETIME) + "), or the warning never comes");
            return Optional.empty();
        }
        return Optional.of(new QueueSettings(directory.get(), lifetime.get(), warning.get()));
    }

    // Delivery

    private Optional<DeliverySettings> delivery(Optional<String> hostname) {
        Optional<RetrySettings> retry = retry();
        Optional<Optional<RelayhostSettings>> relayhost = relayhost();
        Optional<Map<Domain, NextHop>> routes = routes();
        Optional<Optional<NoticeAddress>> notice = get(POSTMASTER);
        if (all(retry, relayhost, routes, notice, get(ADDRESS_FAMILY), hostname).isEmpty()) {
            return Optional.empty();
        }
        Optional<Mailbox> postmaster = notice.get().map(n -> new Mailbox(n.localPart(),
                n.domain().orElseGet(() -> DomainNames.parse(hostname.get()))));
        return Optional.of(new DeliverySettings(retry.get(), relayhost.get(), routes.get(),
                get(ADDRESS_FAMILY).get(), postmaster));
    }

    private Optional<RetrySettings> retry() {
        Optional<Duration> first = get(RETRY_FIRST);
        Optional<Duration> max = get(RETRY_MAX);
        if (all(first, max).isEmpty()) {
            return Optional.empty();
        }
        if (first.get().compareTo(max.get()) > 0) {
            errors.value(RETRY_FIRST.name(), text(RETRY_FIRST), false,
                    "must not be longer than " + RETRY_MAX.name() + " (" + text(RETRY_MAX) + ")");
            return Optional.empty();
        }
        return Optional.of(new RetrySettings(first.get(), max.get()));
    }

    private Optional<Optional<RelayhostSettings>> relayhost() {
        Optional<Optional<NextHop>> host = get(RELAYHOST);
        Optional<Optional<String>> username = get(RELAYHOST_USERNAME);
        Optional<Optional<Secret>> password = get(RELAYHOST_PASSWORD);
        Optional<Optional<Path>> passwordFile = get(RELAYHOST_PASSWORD_FILE);
        if (all(host, username, password, passwordFile).isEmpty()) {
            return Optional.empty();
        }
        boolean ok = true;
        if (host.get().isEmpty()) {
            for (ConfigKey<?> k : List.of(RELAYHOST_USERNAME, RELAYHOST_PASSWORD, RELAYHOST_PASSWORD_FILE)) {
                if (!text(k).isEmpty()) {
                    errors.value(k.name(), text(k), k.secret(), "set, but " + RELAYHOST.name() + " is empty");
                    ok = false;
                }
            }
            // Without a relay host the login is moot; saying what else it lacks would be noise.
            return ok ? Optional.of(Optional.empty()) : Optional.empty();
        }
        if (password.get().isPresent() && passwordFile.get().isPresent()) {
            errors.value(RELAYHOST_PASSWORD_FILE.name(), text(RELAYHOST_PASSWORD_FILE), false,
                    "set together with " + RELAYHOST_PASSWORD.name() + "; keep one of them");
            ok = false;
        }
        if (username.get().isPresent() && password.get().isEmpty() && passwordFile.get().isEmpty()) {
            errors.value(RELAYHOST_USERNAME.name(), text(RELAYHOST_USERNAME), false, "needs "
                    + RELAYHOST_PASSWORD.name() + " or " + RELAYHOST_PASSWORD_FILE.name());
            ok = false;
        }
        if (username.get().isEmpty() && (password.get().isPresent() || passwordFile.get().isPresent())) {
            ConfigKey<?> k = password.get().isPresent() ? RELAYHOST_PASSWORD : RELAYHOST_PASSWORD_FILE;
            errors.value(k.name(), text(k), k.secret(), "set, but " + RELAYHOST_USERNAME.name() + " is empty");
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
        for (Bound<NextHop> b : given(ROUTE)) {
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
        for (Bound<Path> b : given(DKIM_KEY)) {
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
        String value = key.type().format(get(key).orElseThrow());
        return new EffectiveSetting(key.name(), key.secret() && !value.isEmpty() ? Secret.MASK : value,
                !given.containsKey(key.name()));
    }

    private <T> void effective(KeyFamily<T> family, List<EffectiveSetting> out) {
        List<Bound<T>> bound = new ArrayList<>();
        if (family == LISTENER_ADDRESS || family == LISTENER_ROLE) {
            // Listener keys in effect are those of the listed listeners, defaults included.
            for (String name : get(LISTENERS_KEY).orElseThrow()) {
                instance(family, Map.of("name", name)).ifPresent(bound::add);
            }
        } else {
            bound.addAll(given(family));
        }
        for (Bound<T> b : bound) {
            out.add(new EffectiveSetting(b.key(), family.type().format(b.value()), !b.fromFile()));
        }
    }
}
