package dev.mta.smtpd.auth;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;

import java.util.Collection;
import java.util.Objects;
import java.util.Optional;

/**
 * Whom an authenticated user may send as (DESIGN.md: "by default a user may send only as itself (MAIL FROM and
 * the From header domain), plus what allow= lists"; SECURITY.md S-13). Pure functions of the user and the
 * address; the session calls {@link #checkMailFrom} at MAIL and {@link #checkFromHeader} at the end of data.
 *
 * <p>MAIL FROM is checked by address: the user's own login, an {@code allow=} address, or any address in an
 * {@code allow=@domain} domain. Otherwise {@code 553 5.7.1} (Postfix's {@code reject_sender_login_mismatch}).
 * Local parts compare ignoring case, as logins do ({@link Logins}).
 *
 * <p>The From header is checked by domain, because a header address is often a role or a display variant of
 * the sender (a mailing list's address, a no-reply address) and DESIGN.md fixes the domain as the unit: the
 * domain of the login, the domains of the {@code allow=} addresses, and the {@code allow=@domain} domains.
 * Subdomains are not included. Otherwise {@code 550 5.7.1} at the end of data.
 *
 * <p>The null reverse path {@code <>} is allowed by default, as Postfix allows it (its sender-login check does
 * not apply to {@code <>}): read receipts (RFC 8098 section 2.1) and vacation replies must use it, and a null
 * sender cannot be forged into someone else's address. The From header check still applies to such a message.
 *
 * @param nullSenderAllowed whether an authenticated user may use {@code MAIL FROM:<>}
 */
public record SenderPolicy(boolean nullSenderAllowed) {

    /** The default: as itself, as allowed, and the null sender. */
    public static final SenderPolicy DEFAULT = new SenderPolicy(true);

    /** Whether {@code user} may give {@code from} in MAIL FROM. */
    public boolean mayUseMailFrom(User user, ReversePath from) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(from, "from");
        if (from.isNull()) {
            return nullSenderAllowed;
        }
        Mailbox mailbox = from.mailbox().orElseThrow();
        if (Logins.same(mailbox, user.login())) {
            return true;
        }
        for (Mailbox allowed : user.allowedAddresses()) {
            if (Logins.same(mailbox, allowed)) {
                return true;
            }
        }
        return mailbox.host() instanceof Domain domain && user.allowedDomains().contains(domain);
    }

    /** Empty when {@code user} may give {@code from} in MAIL FROM, else the reply: {@code 553 5.7.1}. */
    public Optional<Reply> checkMailFrom(User user, ReversePath from) {
        return mayUseMailFrom(user, from) ? Optional.empty() : Optional.of(Replies.SENDER_NOT_ALLOWED);
    }

    /** Whether {@code user} may send a message whose From header has an address in {@code domain}. */
    public boolean mayUseFromDomain(User user, Domain domain) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(domain, "domain");
        if (domain.equals(user.domain()) || user.allowedDomains().contains(domain)) {
            return true;
        }
        for (Mailbox allowed : user.allowedAddresses()) {
            if (domain.equals(allowed.host())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Empty when every domain of the From header's addresses is allowed for {@code user}, else the reply:
     * {@code 550 5.7.1}. An empty collection passes: whether a message without a From address is acceptable
     * (RFC 5322 section 3.6 requires one) is the session's decision, not a question of who the user is.
     */
    public Optional<Reply> checkFromHeader(User user, Collection<Domain> fromDomains) {
        for (Domain domain : fromDomains) {
            if (!mayUseFromDomain(user, domain)) {
                return Optional.of(Replies.FROM_NOT_ALLOWED);
            }
        }
        return Optional.empty();
    }
}
