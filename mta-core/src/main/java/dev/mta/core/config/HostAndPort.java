package dev.mta.core.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A host and a port: {@code 0.0.0.0:25}, {@code [::]:587}, {@code mail.example.com:25}.
 *
 * <p>An IPv6 address is written in brackets, because its colons would otherwise run into the port
 * (as in URIs, RFC 3986 section 3.2.2). The host is kept in canonical form: an IP address as
 * {@link IpAddresses#format} writes it, a name lower-cased in its A-label form. Nothing is resolved.
 *
 * @param host a canonical IP address (without brackets) or host name
 * @param port 0..65535; 0 asks the system for any free port when binding
 */
public record HostAndPort(String host, int port) {

    /** The parts of {@code host:port}, {@code [host]:port}, {@code host} or {@code [host]}, not yet checked. */
    record Parts(String host, boolean bracketed, Optional<String> port) {
    }

    public HostAndPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("empty host");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}; the port is required.
     *
     * @throws InvalidValueException if the text is not of that form, the host is not a valid address or name,
     *                               or the port is out of range
     */
    public static HostAndPort parse(String text) {
        Parts parts = split(text);
        if (parts.bracketed() && parts.host().indexOf(':') < 0) {
            throw new InvalidValueException("brackets are only for IPv6 addresses here: write host:port");
        }
        String portText = parts.port().orElseThrow(() -> new InvalidValueException(
                "needs a port: host:port, with an IPv6 address in brackets (e.g. 0.0.0.0:25 or [::]:25)"));
        return new HostAndPort(canonicalHost(parts.host()), parsePort(portText, 0));
    }

    static Parts split(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new InvalidValueException("must not be empty; give host:port (e.g. 0.0.0.0:25 or [::]:25)");
        }
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new InvalidValueException("'[' without a closing ']'");
            }
            String host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (host.isEmpty()) {
                throw new InvalidValueException("empty host between '[' and ']'");
            }
            if (rest.isEmpty()) {
                return new Parts(host, true, Optional.empty());
            }
            if (rest.charAt(0) != ':') {
                throw new InvalidValueException("expected ':port' after ']'");
            }
            return new Parts(host, true, Optional.of(rest.substring(1)));
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            return new Parts(s, false, Optional.empty());
        }
        String host = s.substring(0, colon);
        if (host.indexOf(':') >= 0) {
            throw new InvalidValueException("an IPv6 address must be in brackets: [2001:db8::1]:25");
        }
        if (host.isEmpty()) {
            throw new InvalidValueException("missing host before ':'");
        }
        return new Parts(host, false, Optional.of(s.substring(colon + 1)));
    }

    /** An IP address or a host name in canonical form; throws if it is neither. */
    static String canonicalHost(String host) {
        if (IpAddresses.looksLikeAddress(host)) {
            return IpAddresses.format(IpAddresses.parse(host));
        }
        return DomainNames.parse(host).ascii();
    }

    static int parsePort(String text, int min) {
        String allowed = "port must be " + min + "..65535";
        if (text.isEmpty()) {
            throw new InvalidValueException("missing port after ':'; " + allowed);
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new InvalidValueException(allowed);
            }
        }
        if (text.length() > 5) {
            throw new InvalidValueException(allowed);
        }
        int port = Integer.parseInt(text);
        if (port < min || port > 65535) {
            throw new InvalidValueException(allowed);
        }
        return port;
    }

    /** Whether the host is an IP address rather than a name. */
    public boolean isAddress() {
        return IpAddresses.looksLikeAddress(host);
    }

    /** The host as an address when it is an IP address; empty for a name (which this type never resolves). */
    public Optional<InetAddress> address() {
        return isAddress() ? Optional.of(IpAddresses.parse(host)) : Optional.empty();
    }

    /**
     * A socket address: resolved for an IP address, unresolved for a name (the caller resolves it off the event
     * loop).
     */
    public InetSocketAddress toSocketAddress() {
        return address().map(a -> new InetSocketAddress(a, port))
                .orElseGet(() -> InetSocketAddress.createUnresolved(host, port));
    }

    /** {@code host:port}, with an IPv6 address in brackets. */
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
