package dev.mta.smtpd.auth;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;

import java.util.Objects;
import java.util.Set;

/**
 * One line of the users file: who may log in, with which password, and as whom they may send besides
 * themselves. {@link #toString()} shows the hash scheme and cost only (see {@link StoredPassword}).
 *
 * @param login            the user name, an address with a domain, exactly as the users file writes it; this
 *                         is the canonical name a successful login yields
 * @param password         the stored hash
 * @param allowedAddresses extra addresses the user may send as ({@code allow=bob@example.com})
 * @param allowedDomains   whole domains the user may send as ({@code allow=@example.org})
 */
public record User(Mailbox login, StoredPassword password, Set<Mailbox> allowedAddresses,
                   Set<Domain> allowedDomains) {

    public User {
        Objects.requireNonNull(login, "login");
        Objects.requireNonNull(password, "password");
        if (!(login.host() instanceof Domain)) {
            throw new IllegalArgumentException("a user name needs a domain, not an address literal");
        }
        allowedAddresses = Set.copyOf(allowedAddresses);
        allowedDomains = Set.copyOf(allowedDomains);
    }

    /** A user who may send only as itself. */
    public User(Mailbox login, StoredPassword password) {
        this(login, password, Set.of(), Set.of());
    }

    /** The domain of the login. */
    public Domain domain() {
        return (Domain) login.host();
    }
}
