package dev.mta.core.address;

import java.util.Objects;

/**
 * A mailbox {@code local-part@host} (RFC 5321 section 4.1.2). The local part is kept exactly as given,
 * without surrounding quotes and with quoted-pairs resolved; it is case-sensitive (RFC 5321 section 2.4),
 * the host is not.
 *
 * @param localPart the local part, unquoted; may contain UTF-8 (RFC 6531)
 * @param host      the domain or address literal
 */
public record Mailbox(String localPart, MailHost host) {

    public Mailbox {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(host, "host");
    }

    @Override
    public String toString() {
        return localPart + "@" + host.unicode();
    }
}
