package dev.mta.core.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network: {@code 127.0.0.0/8}, {@code ::1/128}, {@code [2001:db8::]/32}.
 *
 * <p>A bare address is a network of that one address. Host bits below the prefix must be zero: {@code
 * 10.1.2.3/8} is refused rather than widened to {@code 10.0.0.0/8}, because a relay network that is larger than
 * the administrator meant is an open relay for the difference. An IPv4-mapped IPv6 address is an IPv4 address
 * (the JDK maps it), so {@code 127.0.0.0/8} contains {@code ::ffff:127.0.0.1}.
 *
 * @param network      the first address of the network
 * @param prefixLength 0..32 for IPv4, 0..128 for IPv6
 */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        Objects.requireNonNull(network, "network");
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of 0.." + bits);
        }
        if (!hostBitsZero(network.getAddress(), prefixLength)) {
            throw new IllegalArgumentException("host bits set below /" + prefixLength + ": " + network);
        }
    }

    /**
     * Parses {@code address/prefix} or a bare address; an IPv6 address may be in brackets, as Postfix writes it.
     *
     * @throws InvalidValueException if the address or the prefix is invalid, or host bits are set
     */
    public static Cidr parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new InvalidValueException(
                    "must not be empty; give a network such as 192.0.2.0/24 or 2001:db8::/32");
        }
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        if (addressText.startsWith("[") && addressText.endsWith("]") && addressText.length() > 2) {
            addressText = addressText.substring(1, addressText.length() - 1);
        }
        if (!IpAddresses.looksLikeAddress(addressText)) {
            throw new InvalidValueException(
                    "not an IP network: give address/prefix (e.g. 192.0.2.0/24 or 2001:db8::/32)");
        }
        InetAddress address = IpAddresses.parse(addressText);
        int bits = address.getAddress().length * 8;
        int prefix = bits;
        if (slash >= 0) {
            String prefixText = s.substring(slash + 1);
            String allowed = "prefix length must be 0.." + bits;
            boolean digits = prefixText.chars().allMatch(c -> c >= '0' && c <= '9');
            if (prefixText.isEmpty() || prefixText.length() > 3 || !digits) {
                throw new InvalidValueException(allowed);
            }
            prefix = Integer.parseInt(prefixText);
            if (prefix > bits) {
                throw new InvalidValueException(allowed);
            }
        }
        if (!hostBitsZero(address.getAddress(), prefix)) {
            InetAddress masked = mask(address, prefix);
            throw new InvalidValueException("host bits are set below the /" + prefix + " prefix; the network is "
                    + IpAddresses.format(masked) + "/" + prefix);
        }
        return new Cidr(address, prefix);
    }

    /** Whether the address lies in this network; an address of the other family never does. */
    public boolean contains(InetAddress address) {
        byte[] net = network.getAddress();
        byte[] a = address.getAddress();
        if (a.length != net.length) {
            return false;
        }
        int full = prefixLength / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != net[i]) {
                return false;
            }
        }
        int rest = prefixLength % 8;
        if (rest == 0) {
            return true;
        }
        int m = (0xff << (8 - rest)) & 0xff;
        return (a[full] & m) == (net[full] & m);
    }

    /** Whether this is an IPv4 network. */
    public boolean isIpv4() {
        return network instanceof Inet4Address;
    }

    private static boolean hostBitsZero(byte[] address, int prefix) {
        for (int bit = prefix; bit < address.length * 8; bit++) {
            if ((address[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return false;
            }
        }
        return true;
    }

    private static InetAddress mask(InetAddress address, int prefix) {
        byte[] b = address.getAddress();
        for (int bit = prefix; bit < b.length * 8; bit++) {
            b[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("4 or 16 bytes are always an address", e);
        }
    }

    /** {@code network/prefix} in canonical address form. */
    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + prefixLength;
    }
}
