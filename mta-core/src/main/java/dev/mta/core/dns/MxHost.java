package dev.mta.core.dns;

import dev.mta.core.address.Domain;

import java.util.Objects;

/**
 * One mail exchanger of a domain (RFC 5321 section 5.1).
 *
 * @param preference 0..65535, lower is tried first
 * @param host       the exchanger's host name, already checked to be a valid host name
 */
public record MxHost(int preference, Domain host) {

    public MxHost {
        Objects.requireNonNull(host, "host");
        if (preference < 0 || preference > 0xFFFF) {
            throw new IllegalArgumentException("MX preference out of range: " + preference);
        }
    }
}
