package dev.mta.core.address;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address literal such as {@code [192.0.2.1]} or {@code [IPv6:2001:db8::1]} (RFC 5321 section 4.1.3).
 *
 * @param address the literal's address; never resolved through DNS. An IPv4-mapped IPv6 address is
 *                stored as the IPv4 address it maps, so one host has one value
 */
public record AddressLiteral(InetAddress address) implements MailHost {

    public AddressLiteral {
        Objects.requireNonNull(address, "address");
        if (address instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            throw new IllegalArgumentException("an address literal has no scope (RFC 5321 section 4.1.3)");
        }
        try {
            // Drops any host name the caller's InetAddress carried, and turns a mapped address into IPv4.
            address = InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address", e);
        }
    }

    /** The literal as written in a path: IPv6 in the RFC 5952 text form (lower case, longest zero run as ::). */
    @Override
    public String ascii() {
        return address instanceof Inet4Address
                ? "[" + address.getHostAddress() + "]"
                : "[IPv6:" + ipv6Text(address.getAddress()) + "]";
    }

    @Override
    public String unicode() {
        return ascii();
    }

    @Override
    public String toString() {
        return ascii();
    }

    /** RFC 5952 section 4: no leading zeros, the longest run of two or more zero groups (the first on a tie) as ::. */
    private static String ipv6Text(byte[] octets) {
        int[] groups = new int[8];
        for (int k = 0; k < 8; k++) {
            groups[k] = (octets[2 * k] & 0xff) << 8 | (octets[2 * k + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int k = 0; k < 8; ) {
            if (groups[k] != 0) {
                k++;
                continue;
            }
            int runStart = k;
            while (k < 8 && groups[k] == 0) {
                k++;
            }
            if (k - runStart > bestLength) {
                bestStart = runStart;
                bestLength = k - runStart;
            }
        }
        StringBuilder text = new StringBuilder(39);
        for (int k = 0; k < 8; k++) {
            if (k == bestStart) {
                text.append("::");
                k += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[k]));
        }
        return text.toString();
    }
}
