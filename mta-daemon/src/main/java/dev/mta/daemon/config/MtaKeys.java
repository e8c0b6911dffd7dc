package dev.mta.daemon.config;

import dev.mta.core.address.Domain;
import dev.mta.core.config.Cidr;
import dev.mta.core.config.DataSize;
import dev.mta.core.config.HostAndPort;
import dev.mta.core.config.NextHop;
import dev.mta.core.config.Rate;
import dev.mta.core.config.Secret;
import dev.mta.daemon.config.ValueTypes.NoticeAddress;
import dev.mta.delivery.AddressFamilyPreference;
import dev.mta.smtpd.ListenerRole;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.mta.daemon.config.Section.DELIVERY;
import static dev.mta.daemon.config.Section.DKIM;
import static dev.mta.daemon.config.Section.DOMAINS;
import static dev.mta.daemon.config.Section.GENERAL;
import static dev.mta.daemon.config.Section.LISTENERS;
import static dev.mta.daemon.config.Section.OPERATIONS;
import static dev.mta.daemon.config.Section.QUEUE;
import static dev.mta.daemon.config.Section.RELAY_AND_LIMITS;
import static dev.mta.daemon.config.Section.TIMEOUTS;
import static dev.mta.daemon.config.Section.TLS;

/**
 * Every configuration key: name, type, production default (DESIGN.md "Defaults"), one line of doc. The reference
 * file {@code config/mta.properties} lists exactly these, with these defaults; a test holds the two together.
 */
final class MtaKeys {

    private MtaKeys() {
    }

    // General

    static final ConfigKey<String> HOSTNAME = ConfigKey.required(GENERAL, "hostname", ValueTypes.HOST_NAME,
            "mail.example.com", "this server's fully qualified name, in the greeting, Received headers and HELO");
    static final ConfigKey<Path> STATE_DIRECTORY = ConfigKey.of(GENERAL, "state.directory", ValueTypes.PATH,
            "/var/lib/mta", "where mta keeps state other than the queue, such as generated keys and certificates");
    static final ConfigKey<Path> CONTROL_SOCKET = ConfigKey.of(GENERAL, "control.socket", ValueTypes.PATH,
            "/run/mta/control.sock", "Unix socket (mode 0600) where the mta queue commands reach the running daemon");
    static final ConfigKey<Optional<String>> ORIGIN_DOMAIN = ConfigKey.of(GENERAL, "origin.domain",
            ValueTypes.optional(ValueTypes.HOST_NAME), "",
            "domain mta sendmail adds to unqualified names (root); empty: the hostname's domain"
                    + " (mail.example.com: example.com)");

    // Listeners

    /** The ports of the three well-known listeners, which need no address key of their own. */
    private static final Map<String, String> WELL_KNOWN_ADDRESSES =
            Map.of("smtp", "0.0.0.0:25", "submission", "0.0.0.0:587", "submissions", "0.0.0.0:465");

    static final ConfigKey<List<String>> LISTENERS_KEY = ConfigKey.of(LISTENERS, "listeners", ValueTypes.NAMES,
            "smtp, submission, submissions", "names of the listeners to serve, comma-separated");
    static final KeyFamily<HostAndPort> LISTENER_ADDRESS = KeyFamily.of(LISTENERS, "listener.<name>.address",
                    ValueTypes.LISTEN_ADDRESS, "listener.relay.address", "127.0.0.1:10025",
                    "IP address and port to bind, IPv6 as [::]:25; port 0 takes any free port")
            .withInstanceDefaults(vars -> Optional.ofNullable(WELL_KNOWN_ADDRESSES.get(vars.get("name"))));
    static final KeyFamily<ListenerRole> LISTENER_ROLE = KeyFamily.of(LISTENERS, "listener.<name>.role",
                    // LOCAL is the submission socket's role, never an IP listener's.
                    ValueTypes.enumType(List.of(ListenerRole.SMTP, ListenerRole.SUBMISSION, ListenerRole.SUBMISSIONS)),
                    "listener.relay.role", "smtp",
                    "smtp, submission (STARTTLS, then AUTH) or submissions (implicit TLS); default: the listener's"
                            + " name if a role")
            .withInstanceDefaults(vars -> WELL_KNOWN_ADDRESSES.containsKey(vars.get("name"))
                    ? Optional.of(vars.get("name")) : Optional.empty());
    static final ConfigKey<Optional<Path>> SUBMISSION_SOCKET = ConfigKey.of(LISTENERS, "submission.socket",
            ValueTypes.OPTIONAL_PATH, "/run/mta/submit.sock",
            "Unix socket (mode 0666) where mta sendmail hands over local mail; empty: none");

    // TLS

    static final ConfigKey<Optional<Path>> TLS_CERTIFICATE = ConfigKey.of(TLS, "tls.certificate",
            ValueTypes.OPTIONAL_PATH, "/etc/mta/tls/cert.pem",
            "PEM file with the server certificate and its chain; empty: <state.directory>/tls/cert.pem,"
                    + " self-signed");
    static final ConfigKey<Optional<Path>> TLS_KEY = ConfigKey.of(TLS, "tls.key", ValueTypes.OPTIONAL_PATH,
            "/etc/mta/tls/key.pem", "PEM file with the private key of that certificate; empty with tls.certificate");
    static final ConfigKey<Boolean> TLS_SELF_SIGNED = ConfigKey.of(TLS, "tls.self-signed-if-missing",
            ValueTypes.BOOLEAN, "false",
            "when certificate and key are missing, generate a self-signed pair there at start (development)");

    static final KeyFamily<Path> TLS_SNI_CERTIFICATE = KeyFamily.of(TLS, "tls.sni.<domain>.certificate",
            ValueTypes.PATH, "tls.sni.mail.example.org.certificate", "/etc/mta/tls/mail.example.org/cert.pem",
            "PEM certificate and chain for clients that ask for <domain> by SNI; others get tls.certificate");
    static final KeyFamily<Path> TLS_SNI_KEY = KeyFamily.of(TLS, "tls.sni.<domain>.key", ValueTypes.PATH,
            "tls.sni.mail.example.org.key", "/etc/mta/tls/mail.example.org/key.pem",
            "PEM private key of the certificate for <domain>");

    // Domains, aliases, users

    static final ConfigKey<List<Domain>> DOMAINS_KEY = ConfigKey.of(DOMAINS, "domains", ValueTypes.DOMAINS, "",
            "accepted domains, comma-separated: mail to them is taken from anyone");
    static final KeyFamily<Path> DOMAIN_RECIPIENTS = KeyFamily.of(DOMAINS, "domain.<domain>.recipients",
            ValueTypes.PATH, "domain.example.com.recipients", "/etc/mta/recipients/example.com",
            "file of the domain's valid recipients, one address or @domain per line; others get 550 5.1.1 at RCPT");
    static final ConfigKey<Optional<Path>> ALIASES_FILE = ConfigKey.of(DOMAINS, "aliases.file",
            ValueTypes.OPTIONAL_PATH, "",
            "aliases file: postmaster, root, abuse and other local names mapped to addresses; empty: none");
    static final ConfigKey<Optional<Path>> USERS_FILE = ConfigKey.of(DOMAINS, "users.file", ValueTypes.OPTIONAL_PATH,
            "", "users file (address:{ARGON2ID}hash[:allow=...]) for AUTH on the submission ports; empty: none");

    // Relaying and limits

    static final ConfigKey<List<Cidr>> RELAY_NETWORKS = ConfigKey.of(RELAY_AND_LIMITS, "relay.networks",
            ValueTypes.NETWORKS, "127.0.0.0/8, ::1/128",
            "networks whose clients may relay without AUTH and are exempt from per-IP limits, comma-separated");
    static final ConfigKey<DataSize> MESSAGE_SIZE = ConfigKey.of(RELAY_AND_LIMITS, "limits.message-size",
            ValueTypes.POSITIVE_SIZE, "35MiB", "largest message accepted, advertised in SIZE; bytes or B/KiB/MiB/GiB");
    static final ConfigKey<Integer> RECIPIENTS = ConfigKey.of(RELAY_AND_LIMITS, "limits.recipients",
            ValueTypes.POSITIVE_INT, "1000", "recipients per message");
    static final ConfigKey<Integer> CONNECTIONS = ConfigKey.of(RELAY_AND_LIMITS, "limits.connections",
            ValueTypes.POSITIVE_INT, "1000", "concurrent client connections in total");
    static final ConfigKey<Integer> CONNECTIONS_PER_IP = ConfigKey.of(RELAY_AND_LIMITS, "limits.connections-per-ip",
            ValueTypes.POSITIVE_INT, "50", "concurrent client connections from one IP address (421 4.7.0 beyond)");
    static final ConfigKey<Rate> SEND_RATE = ConfigKey.of(RELAY_AND_LIMITS, "limits.send-rate-per-user",
            ValueTypes.RATE, "1000/h", "messages one authenticated user may send, e.g. 1000/h (450 4.7.1 beyond)");
    static final ConfigKey<Integer> RECEIVED_HEADERS = ConfigKey.of(RELAY_AND_LIMITS, "limits.received-headers",
            ValueTypes.POSITIVE_INT, "100", "a message with this many Received headers or more is a loop (554 5.4.6)");

    static final ConfigKey<Integer> MESSAGES_PER_CONNECTION = ConfigKey.of(RELAY_AND_LIMITS,
            "limits.messages-per-connection", ValueTypes.POSITIVE_INT, "1000",
            "MAIL commands one connection may give; the next gets 421 4.7.0 and the connection closes");

    // Timeouts

    static final ConfigKey<Duration> COMMAND_TIMEOUT = ConfigKey.of(TIMEOUTS, "timeout.command",
            ValueTypes.POSITIVE_DURATION, "5m", "how long to wait for a client's next command (30s, 5m, 1h, PT5M)");
    static final ConfigKey<Duration> DATA_TIMEOUT = ConfigKey.of(TIMEOUTS, "timeout.data",
            ValueTypes.POSITIVE_DURATION, "5m", "how long to wait for the next block of message data");

    static final ConfigKey<Duration> GREETING_DELAY = ConfigKey.of(TIMEOUTS, "smtpd.greeting-delay",
            ValueTypes.DURATION, "0s",
            "smtp listeners wait this long before the greeting; a client that talks first gets 554 5.5.0 (0s: none)");

    // Queue

    static final ConfigKey<Path> QUEUE_DIRECTORY = ConfigKey.of(QUEUE, "queue.directory", ValueTypes.PATH,
            "/var/spool/mta", "the spool directory");
    static final ConfigKey<Duration> QUEUE_LIFETIME = ConfigKey.of(QUEUE, "queue.lifetime",
            ValueTypes.POSITIVE_DURATION, "5d", "how long a message may stay undelivered before it bounces");
    static final ConfigKey<Duration> DELAY_WARNING = ConfigKey.of(QUEUE, "queue.delay-warning",
            ValueTypes.POSITIVE_DURATION, "4h", "after how long the sender is told once that the message is delayed");
    static final ConfigKey<DataSize> QUEUE_FREE_SPACE = ConfigKey.of(QUEUE, "queue.free-space-reserve",
            ValueTypes.POSITIVE_SIZE, "100MiB",
            "space that must stay free on the spool's file system; below it new mail gets 452 4.3.1 at MAIL");

    // Delivery

    static final ConfigKey<Boolean> DELIVERY_ENABLED = ConfigKey.of(DELIVERY, "delivery.enabled", ValueTypes.BOOLEAN,
            "true", "false: accept and queue mail (synced as always) but deliver nothing, as Postfix's hold queue");
    static final ConfigKey<Duration> RETRY_FIRST = ConfigKey.of(DELIVERY, "retry.first-delay",
            ValueTypes.POSITIVE_DURATION, "5m", "delay before the first retry of a deferred recipient; doubles after");
    static final ConfigKey<Duration> RETRY_MAX = ConfigKey.of(DELIVERY, "retry.max-delay",
            ValueTypes.POSITIVE_DURATION, "1h", "longest delay between two tries");
    static final ConfigKey<List<HostAndPort>> DNS_SERVERS = ConfigKey.of(DELIVERY, "dns.servers",
            ValueTypes.DNS_SERVERS, "", "DNS servers to ask, as ip:port, comma-separated; empty: those of /etc/resolv.conf");
    static final ConfigKey<AddressFamilyPreference> ADDRESS_FAMILY = ConfigKey.of(DELIVERY,
            "outbound.address-family", ValueTypes.enumType(AddressFamilyPreference.class), "ipv4-first",
            "ipv4-first, ipv6-first, ipv4-only or ipv6-only for outbound connections");
    static final ConfigKey<Optional<InetAddress>> SOURCE_ADDRESS = ConfigKey.of(DELIVERY, "outbound.source-address",
            ValueTypes.OPTIONAL_IP_ADDRESS, "",
            "local IP address to send from (the one your PTR record and SPF name); empty: the system chooses");
    static final ConfigKey<Optional<NextHop>> RELAYHOST = ConfigKey.of(DELIVERY, "relayhost",
            ValueTypes.OPTIONAL_NEXT_HOP, "",
            "send all outbound mail through this host: [host]:port skips the MX lookup; empty: deliver to MX hosts");
    static final ConfigKey<Optional<String>> RELAYHOST_USERNAME = ConfigKey.of(DELIVERY, "relayhost.username",
            ValueTypes.OPTIONAL_TEXT, "", "user name for AUTH at the relay host; empty: no AUTH");
    static final ConfigKey<Optional<Secret>> RELAYHOST_PASSWORD = ConfigKey.of(DELIVERY, "relayhost.password",
            ValueTypes.OPTIONAL_SECRET, "", "password for the relay host, best as ${env:VAR}; never printed")
            .asSecret();
    static final ConfigKey<Optional<Path>> RELAYHOST_PASSWORD_FILE = ConfigKey.of(DELIVERY,
            "relayhost.password.file", ValueTypes.OPTIONAL_PATH, "",
            "file whose first line is the relay host password, instead of relayhost.password");
    static final KeyFamily<NextHop> ROUTE = KeyFamily.of(DELIVERY, "route.<domain>", ValueTypes.NEXT_HOP,
            "route.example.com", "[10.0.0.5]:25",
            "next hop for one domain, before relayhost and MX: [host]:port skips the MX lookup");
    static final ConfigKey<Optional<NoticeAddress>> POSTMASTER = ConfigKey.of(DELIVERY, "postmaster.address",
            ValueTypes.NOTICE_ADDRESS, "postmaster",
            "who is told when a bounce cannot be delivered: a local part at hostname, an address, or none");

    // DKIM

    static final KeyFamily<Path> DKIM_KEY = KeyFamily.of(DKIM, "dkim.<domain>.<selector>.key", ValueTypes.PATH,
            "dkim.example.com.mail2026.key", "/var/lib/mta/dkim/example.com.mail2026.pem",
            "PEM private key (RSA or Ed25519) signing mail from <domain> with selector <selector> (one label)");

    // Metrics and health

    static final ConfigKey<Optional<HostAndPort>> METRICS_ADDRESS = ConfigKey.of(OPERATIONS, "metrics.address",
            ValueTypes.optional(ValueTypes.LISTEN_ADDRESS), "127.0.0.1:9464",
            "IP address and port of the Prometheus metrics (/metrics) and health (/health) endpoint; empty: off");

    /** Every key and family, in the order of the reference file. */
    static final KeyRegistry REGISTRY = new KeyRegistry(List.of(
            HOSTNAME, STATE_DIRECTORY, CONTROL_SOCKET, ORIGIN_DOMAIN,
            LISTENERS_KEY, LISTENER_ADDRESS, LISTENER_ROLE, SUBMISSION_SOCKET,
            TLS_CERTIFICATE, TLS_KEY, TLS_SELF_SIGNED, TLS_SNI_CERTIFICATE, TLS_SNI_KEY,
            DOMAINS_KEY, DOMAIN_RECIPIENTS, ALIASES_FILE, USERS_FILE,
            RELAY_NETWORKS, MESSAGE_SIZE, RECIPIENTS, CONNECTIONS, CONNECTIONS_PER_IP, SEND_RATE, RECEIVED_HEADERS,
            MESSAGES_PER_CONNECTION,
            COMMAND_TIMEOUT, DATA_TIMEOUT, GREETING_DELAY,
            QUEUE_DIRECTORY, QUEUE_LIFETIME, DELAY_WARNING, QUEUE_FREE_SPACE,
            DELIVERY_ENABLED, RETRY_FIRST, RETRY_MAX, DNS_SERVERS, ADDRESS_FAMILY, SOURCE_ADDRESS, RELAYHOST, RELAYHOST_USERNAME, RELAYHOST_PASSWORD,
            RELAYHOST_PASSWORD_FILE, ROUTE, POSTMASTER,
            DKIM_KEY,
            METRICS_ADDRESS));
}
