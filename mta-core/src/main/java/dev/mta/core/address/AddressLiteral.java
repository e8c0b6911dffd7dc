package dev.mta.core.address;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Objects;

/**
 * An address literal such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 section 4.1.3).
 *
 * @param address the literal's address; never resolved through DNS
 */
public record AddressLiteral(InetAddress address) implements MailHost {

    public AddressLiteral {
        Objects.requireNonNull(address, "address");
    }

    @Override
    public String ascii() {
        return address instanceof Inet6Address
                ? "[IPv6:" + address.getHostAddress() + "]"
                : "[" + address.getHostAddress() + "]";
    }

    @Override
    public String unicode() {
        return ascii();
    }

    @Override
    public String toString() {
        return ascii();
    }
}
