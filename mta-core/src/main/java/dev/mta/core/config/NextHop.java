package dev.mta.core.config;

import java.util.Objects;

/**
 * Where to send mail: a relay host or the route for a domain, in Postfix's form.
 *
 * <ul>
 *   <li>{@code mail.example.net} or {@code mail.example.net:587}: look up the MX records of that name and
 *       deliver to them (RFC 5321 section 5.1), falling back to its address records;</li>
 *   <li>{@code [mail.example.net]:587}: brackets mean no MX lookup, connect to that host's own addresses;</li>
 *   <li>{@code [10.0.0.5]:25} or {@code [2001:db8::5]:25}: an IP address, never an MX lookup (an IPv6 address
 *       must be in brackets; an IPv4 address may go without).</li>
 * </ul>
 * The port is 25 when none is given.
 *
 * @param destination the host and the port to connect to
 * @param mxLookup    whether to look up MX records for the host first
 */
public record NextHop(HostAndPort destination, boolean mxLookup) {

    /** The port SMTP relays listen on, used when the text names none. */
    public static final int DEFAULT_PORT = 25;

    public NextHop {
        Objects.requireNonNull(destination, "destination");
        if (mxLookup && destination.isAddress()) {
            throw new IllegalArgumentException("an IP address has no MX records: " + destination);
        }
        if (destination.port() == 0) {
            throw new IllegalArgumentException("port 0 is not a destination");
        }
    }

    /**
     * Parses the route form described in the class comment.
     *
     * @throws InvalidValueException if it is not of that form, the host is invalid or the port is not 1..65535
     */
    public static NextHop parse(String text) {
        HostAndPort.Parts parts = HostAndPort.split(text);
        String host = HostAndPort.canonicalHost(parts.host());
        int port = parts.port().map(p -> HostAndPort.parsePort(p, 1)).orElse(DEFAULT_PORT);
        HostAndPort destination = new HostAndPort(host, port);
        return new NextHop(destination, !parts.bracketed() && !destination.isAddress());
    }

    /** {@code host:port} when MX records are looked up, {@code [host]:port} when not. */
    @Override
    public String toString() {
        return mxLookup
                ? destination.toString()
                : "[" + destination.host() + "]:" + destination.port();
    }
}
