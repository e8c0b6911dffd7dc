package dev.mta.core.address;

/**
 * Scans the paths of MAIL FROM and RCPT TO (RFC 5321 sections 4.1.1.2, 4.1.1.3 and 4.1.2):
 * <pre>
 * Reverse-path = Path / "&lt;&gt;"
 * Forward-path = Path / "&lt;Postmaster&gt;"          ; case-insensitive, RFC 5234 section 2.3
 * Path         = "&lt;" [ A-d-l ":" ] Mailbox "&gt;"
 * A-d-l        = At-domain *( "," At-domain )      ; a source route: checked, then ignored
 * At-domain    = "@" Domain
 * </pre>
 * The end index is just after the {@code >}; what follows is the caller's (ESMTP parameters).
 */
final class PathScanner {

    /** RFC 5321 section 4.5.3.1.3: the path including its punctuation. */
    static final int MAX_OCTETS = 256;

    private PathScanner() {
    }

    static Parsed<ReversePath> reverse(CharSequence s, int start, int end, Utf8Mode mode) {
        String opening = opening(s, start, end);
        if (opening != null) {
            return Parsed.syntax(opening);
        }
        if (start + 1 < end && s.charAt(start + 1) == '>') {
            return Parsed.ok(ReversePath.NULL, start + 2);
        }
        return routedMailbox(s, start, end, mode).map(ReversePath::of);
    }

    static Parsed<ForwardPath> forward(CharSequence s, int start, int end, Utf8Mode mode) {
        String opening = opening(s, start, end);
        if (opening != null) {
            return Parsed.syntax(opening);
        }
        if (start + 1 < end && s.charAt(start + 1) == '>') {
            return Parsed.syntax("the null path <> is not a recipient");
        }
        int word = start + 1;
        if (Chars.matchesIgnoreAsciiCase(s, word, end, "postmaster") && word + 10 < end && s.charAt(word + 10) == '>') {
            return Parsed.ok(ForwardPath.POSTMASTER, word + 11);
        }
        return routedMailbox(s, start, end, mode).map(mailbox -> mailbox);
    }

    /** The reason the text at {@code start} does not open a path, or null when it does. */
    private static String opening(CharSequence s, int start, int end) {
        if (start >= end) {
            return "missing path";
        }
        char c = s.charAt(start);
        if (c == '<') {
            return null;
        }
        if (c == ' ') {
            return "space before the path";
        }
        return "address must be enclosed in <>";
    }

    private static Parsed<Mailbox> routedMailbox(CharSequence s, int start, int end, Utf8Mode mode) {
        int i = start + 1;
        if (i < end && s.charAt(i) == '@') {
            while (true) {
                Parsed<Domain> hop = DomainScanner.scan(s, i + 1, end, ",:>");
                if (!(hop instanceof Parsed.Ok<Domain> ok)) {
                    Parsed.Invalid<Domain> invalid = (Parsed.Invalid<Domain>) hop;
                    return new Parsed.Invalid<>(invalid.problem(), invalid.reason() + " in the source route");
                }
                i = ok.end();
                if (i - start > MAX_OCTETS) {
                    return tooLong();
                }
                if (i >= end) {
                    return Parsed.syntax("source route has no closing ':'");
                }
                if (s.charAt(i) == ':') {
                    i++;
                    break;
                }
                if (s.charAt(i) == '>') {
                    // "<@example.com>": no route after all, a mailbox with nothing before its @.
                    return Parsed.syntax("empty local part");
                }
                i++;
                if (i >= end || s.charAt(i) != '@') {
                    return Parsed.syntax("source route hop does not start with @");
                }
            }
        }
        Parsed<Mailbox> scanned = MailboxScanner.scan(s, i, end, ">");
        if (!(scanned instanceof Parsed.Ok<Mailbox> ok)) {
            return scanned;
        }
        if (ok.end() >= end) {
            return Parsed.syntax("path has no closing >");
        }
        int pathEnd = ok.end() + 1;
        if (Chars.utf8Length(s, start, pathEnd) > MAX_OCTETS) {
            return tooLong();
        }
        if (!MailboxScanner.fitsWhenRendered(ok.value())) {
            return Parsed.tooLong("path longer than " + MAX_OCTETS + " octets in its canonical form");
        }
        if (mode == Utf8Mode.ASCII_ONLY && !Chars.isAscii(s, start, pathEnd)) {
            return needsSmtputf8();
        }
        return Parsed.ok(ok.value(), pathEnd);
    }

    static <T> Parsed<T> needsSmtputf8() {
        return new Parsed.Invalid<>(Parsed.Problem.NEEDS_SMTPUTF8, "SMTPUTF8 is required for a non-ASCII address");
    }

    private static <T> Parsed<T> tooLong() {
        return Parsed.tooLong("path longer than " + MAX_OCTETS + " octets");
    }
}
