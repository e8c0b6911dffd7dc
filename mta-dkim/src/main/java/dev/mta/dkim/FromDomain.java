package dev.mta.dkim;

import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The domain of the author address in the From header field: the domain a signature must align with for DMARC
 * (RFC 7489 section 3.1). Only the unambiguous case yields a domain: exactly one From field holding exactly one
 * mailbox (RFC 5322 3.6.2 allows a list, but then Sender decides, and DMARC receivers refuse such mail).
 * Display names, quoted strings and comments are skipped; an internationalized domain comes back as its A-label.
 */
final class FromDomain {

    private FromDomain() {
    }

    static Optional<String> of(List<HeaderField> headers) {
        List<HeaderField> froms = headers.stream().filter(f -> f.hasName("From")).toList();
        if (froms.size() != 1) {
            return Optional.empty();
        }
        return ofValue(froms.get(0).unfoldedValue());
    }

    static Optional<String> ofValue(String value) {
        StringBuilder outside = new StringBuilder();
        StringBuilder angle = null;
        int angles = 0;
        int comment = 0;
        boolean quoted = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && (quoted || comment > 0)) {
                i++; // quoted-pair
                continue;
            }
            if (quoted) {
                quoted = c != '"';
                continue;
            }
            if (comment > 0) {
                comment += c == '(' ? 1 : c == ')' ? -1 : 0;
                continue;
            }
            switch (c) {
                case '"' -> quoted = true;
                case '(' -> comment = 1;
                case '<' -> {
                    if (angle != null) {
                        return Optional.empty();
                    }
                    angle = new StringBuilder();
                    angles++;
                }
                case '>' -> {
                    if (angle == null) {
                        return Optional.empty();
                    }
                    outside.append('\u0000').append(angle);
                    angle = null;
                }
                case ',', ';' -> {
                    return Optional.empty(); // a mailbox list or a group: not one author
                }
                default -> (angle != null ? angle : outside).append(c);
            }
        }
        if (quoted || comment > 0 || angle != null || angles > 1) {
            return Optional.empty();
        }
        String text = outside.toString();
        int marker = text.indexOf('\u0000');
        String address = (marker >= 0 ? text.substring(marker + 1) : text).strip();
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return Optional.empty();
        }
        String domain = address.substring(at + 1).strip();
        if (domain.startsWith("[") || domain.contains(" ")) {
            return Optional.empty();
        }
        if (domain.endsWith(".")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        try {
            return Optional.of(IDN.toASCII(domain, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
