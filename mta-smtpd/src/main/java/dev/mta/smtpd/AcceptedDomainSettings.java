package dev.mta.smtpd;

import dev.mta.core.address.Domain;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A domain we accept mail for from anyone.
 *
 * @param domain         the domain
 * @param recipientsFile the file of valid recipients (one address or {@code @domain} per line); when present, an
 *                       unknown recipient is refused at RCPT with 550 5.1.1 instead of being bounced later
 */
public record AcceptedDomainSettings(Domain domain, Optional<Path> recipientsFile) {

    public AcceptedDomainSettings {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(recipientsFile, "recipientsFile");
    }
}
