package dev.mta.core.dns;

import dev.mta.core.address.Domain;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.InvalidValueException;

import org.xbill.DNS.Name;

import java.util.Optional;

/**
 * Which names from an answer may be used as mail hosts: letters, digits and inner hyphens only (RFC 1123
 * section 2.1, RFC 5321 section 2.3.5), not an IP address written as a name. dnsjava prints any other octet as a
 * backslash escape, which never passes, so {@code mx\010.test} or a name with CR LF in it is refused
 * (SECURITY.md S-19) and can be logged as printed.
 */
final class HostNames {

    private HostNames() {
    }

    static Optional<Domain> host(Name name) {
        if (name.equals(Name.root)) {
            return Optional.empty();
        }
        try {
            return Optional.of(DomainNames.parse(name.toString(true)));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }
}
