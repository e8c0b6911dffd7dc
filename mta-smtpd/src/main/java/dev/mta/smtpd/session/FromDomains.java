package dev.mta.smtpd.session;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.Utf8Mode;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The domains of the addresses in a From field's value (RFC 5322 section 3.6.2, unfolded), for the sender
 * policy. Not a full address-list parser: it skips comments and quoted strings (where an {@code @} means
 * nothing) and takes the domain after every other {@code @}. That errs on the strict side: an obsolete route
 * ({@code <@relay.example:user@host.example>}, section 4.4) adds its relay domains too, and a bare {@code @} in a
 * display name (itself invalid) adds one; both can only make a check fail, never let a foreign domain pass.
 * A pure function; the caller bounds the input.
 */
final class FromDomains {

    /** Ends a domain: space, the specials of RFC 5322 section 3.2.3 that may follow one, and CFWS starts. */
    private static final String DOMAIN_END = " \t<>,;:()\"@[]\\";

    private FromDomains() {
    }

    /**
     * @param value the unfolded field values, several From fields joined by commas
     * @return the domains, or empty if an address has no domain or one that is not a domain name (a domain
     *         literal names no domain the policy could allow)
     */
    static Optional<Set<Domain>> of(String value) {
        Set<Domain> domains = new LinkedHashSet<>();
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || depth > 0)) {
                i++; // quoted-pair (section 3.2.1): the next character is literal
            } else if (quoted) {
                quoted = c != '"';
            } else if (depth > 0) {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            } else if (c == '"') {
                quoted = true;
            } else if (c == '(') {
                depth = 1;
            } else if (c == '@') {
                int end = i + 1;
                while (end < value.length() && DOMAIN_END.indexOf(value.charAt(end)) < 0) {
                    end++;
                }
                if (end == i + 1) {
                    return Optional.empty();
                }
                if (!(AddressParser.domain(value.substring(i + 1, end), Utf8Mode.UTF8_ALLOWED)
                        instanceof Parsed.Ok<Domain> ok)) {
                    return Optional.empty();
                }
                domains.add(ok.value());
                i = end - 1;
            }
        }
        return Optional.of(domains);
    }
}
