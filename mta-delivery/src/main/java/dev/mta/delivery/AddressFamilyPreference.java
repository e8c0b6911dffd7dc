package dev.mta.delivery;

/**
 * Which addresses of a destination host to try, in which order. IPv4 first by default: a VPS's IPv6 address often
 * lacks a PTR record, and many receivers refuse mail from an address without one.
 */
public enum AddressFamilyPreference {
    /** IPv4 addresses, then IPv6 addresses. */
    IPV4_FIRST,
    /** IPv6 addresses, then IPv4 addresses. */
    IPV6_FIRST,
    /** IPv4 addresses only. */
    IPV4_ONLY,
    /** IPv6 addresses only. */
    IPV6_ONLY
}
