package dev.mta.core.dns;

/**
 * Which address families an address lookup asks for, and which comes first. DESIGN.md's default for outbound
 * mail is {@link #IPV4_FIRST}, because a VPS's IPv6 address often lacks a PTR record.
 */
public enum AddressOrder {
    IPV4_FIRST(true, true),
    IPV6_FIRST(true, true),
    IPV4_ONLY(true, false),
    IPV6_ONLY(false, true);

    private final boolean ipv4;
    private final boolean ipv6;

    AddressOrder(boolean ipv4, boolean ipv6) {
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
    }

    boolean wantsIpv4() {
        return ipv4;
    }

    boolean wantsIpv6() {
        return ipv6;
    }
}
