package dev.mta.core.address;

/**
 * Scans {@code Mailbox = Local-part "@" ( Domain / address-literal )} (RFC 5321 section 4.1.2), and tells
 * whether a mailbox fits a path in every form it can be written in.
 */
final class MailboxScanner {

    /** A path is at most 256 octets with its angle brackets (RFC 5321 section 4.5.3.1.3). */
    static final int MAX_OCTETS = 254;

    private MailboxScanner() {
    }

    /**
     * @param terminators the characters that may follow the mailbox; the end of the input always may
     */
    static Parsed<Mailbox> scan(CharSequence s, int start, int end, String terminators) {
        Parsed<String> localPart = LocalPartScanner.scan(s, start, end);
        if (!(localPart instanceof Parsed.Ok<String> local)) {
            return ((Parsed.Invalid<String>) localPart).<Mailbox>retype();
        }
        int at = local.end();
        if (at >= end || s.charAt(at) != '@') {
            return Parsed.syntax("address has no @domain");
        }
        Parsed<MailHost> host = at + 1 < end && s.charAt(at + 1) == '['
                ? AddressLiteralScanner.scan(s, at + 1, end).map(literal -> literal)
                : DomainScanner.scan(s, at + 1, end, terminators).map(domain -> domain);
        if (!(host instanceof Parsed.Ok<MailHost> ok)) {
            return ((Parsed.Invalid<MailHost>) host).<Mailbox>retype();
        }
        int hostEnd = ok.end();
        if (hostEnd < end && terminators.indexOf(s.charAt(hostEnd)) < 0) {
            return Parsed.syntax(Chars.unexpected(s, hostEnd, end, "address after the address literal"));
        }
        return Parsed.ok(new Mailbox(local.value(), ok.value()), hostEnd);
    }

    /**
     * Whether every form the mailbox can be written in fits in {@link #MAX_OCTETS}. The canonical forms
     * can be longer than what was written: U-labels written as A-labels or the reverse, an IPv6 literal
     * written shorter. Checking them all means any rendering is a legal path and parses back.
     */
    static boolean fitsWhenRendered(Mailbox mailbox) {
        return Chars.utf8Length(mailbox.render(Utf8Mode.UTF8_ALLOWED)) <= MAX_OCTETS
                && (mailbox.needsSmtputf8() || mailbox.render(Utf8Mode.ASCII_ONLY).length() <= MAX_OCTETS);
    }
}
