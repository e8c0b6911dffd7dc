package dev.mta.core.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * IP address literals in configuration: strict parsing that never touches DNS, and the canonical text form.
 */
public final class IpAddresses {

    private IpAddresses() {
    }

    /**
     * Whether the text is meant as an IP address rather than a host name: it contains a colon (IPv6), or consists
     * of digits and dots only (IPv4; no top-level domain is all-numeric, RFC 3696 section 2).
     */
    public static boolean looksLikeAddress(String text) {
        if (text.isEmpty()) {
            return false;
        }
        if (text.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses an IPv4 address in dotted-quad form ({@code 192.0.2.1}) or an IPv6 address ({@code 2001:db8::1},
     * without brackets and without a zone). Shorthand forms such as {@code 127.1}, octal-looking octets such as
     * {@code 010} and zone ids are refused: they mean different things to different resolvers.
     *
     * @throws InvalidValueException if the text is not such an address
     */
    public static InetAddress parse(String text) {
        if (text.indexOf(':') >= 0) {
            return parseIpv6(text);
        }
        return parseIpv4(text);
    }

    private static InetAddress parseIpv4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new InvalidValueException("not an IPv4 address: four decimal octets 0..255 separated by dots");
        }
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty() || part.length() > 3 || !isDecimal(part)) {
                throw new InvalidValueException("not an IPv4 address: four decimal octets 0..255 separated by dots");
            }
            if (part.length() > 1 && part.charAt(0) == '0') {
                throw new InvalidValueException("IPv4 octet with a leading zero (could be read as octal)");
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                throw new InvalidValueException("IPv4 octet " + value + " is over 255");
            }
            bytes[i] = (byte) value;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static InetAddress parseIpv6(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                throw new InvalidValueException(c == '%'
                        ? "IPv6 zone ids are not supported"
                        : "not an IPv6 address: hex groups separated by colons");
            }
        }
        try {
            // Brackets make the JDK treat the text as an IPv6 literal only: it throws rather than asking DNS.
            return InetAddress.getByName("[" + text + "]");
        } catch (UnknownHostException e) {
            throw new InvalidValueException("not an IPv6 address: hex groups separated by colons");
        }
    }

    private static boolean isDecimal(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical text of an address: dotted quad for IPv4; for IPv6 the RFC 5952 form (lower case, no leading
     * zeros, the longest run of two or more zero groups shortened to {@code ::}).
     */
    public static String format(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        if (!(address instanceof Inet6Address)) {
            throw new IllegalArgumentException("neither IPv4 nor IPv6: " + address);
        }
        byte[] b = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        // RFC 5952 section 4.2: compress the longest run of zero groups (the first one on a tie), never just one.
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        return sb.toString();
    }
}
