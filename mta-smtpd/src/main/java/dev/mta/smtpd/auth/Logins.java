package dev.mta.smtpd.auth;

import dev.mta.core.address.Mailbox;

import java.util.Locale;

/**
 * How mta compares user names and the addresses a user sends as. Domains compare by A-label (as
 * {@link dev.mta.core.address.Domain} does). Local parts compare ignoring case: RFC 5321 section 2.4 lets a host
 * treat local parts case-sensitively, but people type {@code Alice@Example.com} into their mail client and
 * expect to be {@code alice@example.com}, and Postfix's sender-login lookups ignore case too. It is safe
 * because the users file refuses two users whose names differ only in case, so folding never joins two
 * accounts. The folded form is only a lookup key; the login a user gets is the name as the file writes it.
 */
final class Logins {

    private Logins() {
    }

    /** The lookup key: local part in lower case (root locale, so no Turkish dotless i), {@code @}, A-label domain. */
    static String key(Mailbox mailbox) {
        return mailbox.localPart().toLowerCase(Locale.ROOT) + "@" + mailbox.host().ascii().toLowerCase(Locale.ROOT);
    }

    /** Whether two mailboxes name the same user or sender, by the rule in the class comment. */
    static boolean same(Mailbox a, Mailbox b) {
        return key(a).equals(key(b));
    }
}
