package dev.mta.core.address;

import java.util.Objects;

/**
 * A mailbox {@code local-part@host} (RFC 5321 section 4.1.2). The local part is kept exactly as given,
 * without surrounding quotes and with quoted-pairs resolved; it is case-sensitive (RFC 5321 section 2.4),
 * the host is not. Parse one with {@link AddressParser}; the constructor only refuses what could never be
 * written safely in a command: an empty local part and control characters (CR, LF, NUL and the rest).
 *
 * @param localPart the local part, unquoted; may contain UTF-8 (RFC 6531)
 * @param host      the domain or address literal
 */
public record Mailbox(String localPart, MailHost host) implements ForwardPath {

    public Mailbox {
        Objects.requireNonNull(localPart, "localPart");
        Objects.requireNonNull(host, "host");
        if (localPart.isEmpty()) {
            throw new IllegalArgumentException("empty local part");
        }
        for (int i = 0; i < localPart.length(); i++) {
            char c = localPart.charAt(i);
            int codePoint = c < 0x80 ? c : Chars.codePointAt(localPart, i, localPart.length());
            if (codePoint == Chars.BROKEN || Chars.isForbidden(codePoint)) {
                throw new IllegalArgumentException("local part has an unpaired surrogate or a control character: "
                        + Chars.describe(c));
            }
            if (Character.isSupplementaryCodePoint(codePoint)) {
                i++;
            }
        }
    }

    /** The local part as written in a command: a dot-string, or quoted when it is not one (RFC 5321 section 4.1.2). */
    public String localPartForm() {
        return LocalPartQuoting.render(localPart);
    }

    /**
     * Whether the mailbox can only be written with SMTPUTF8 (RFC 6531): its local part is not ASCII. A
     * non-ASCII domain does not count, since its A-labels are ASCII.
     */
    @Override
    public boolean needsSmtputf8() {
        return !Chars.isAscii(localPart);
    }

    /**
     * The mailbox as written in a command, without angle brackets: the local part quoted when needed, the
     * domain as A-labels for {@link Utf8Mode#ASCII_ONLY} and as U-labels otherwise. A U-label makes the
     * text non-ASCII, so pass {@link Utf8Mode#UTF8_ALLOWED} only for a transaction whose MAIL FROM carries
     * SMTPUTF8 (RFC 6531 section 3.4), not merely because the peer offers it.
     *
     * @throws IllegalStateException when {@link #needsSmtputf8()} and {@code mode} is ASCII only: the
     *                               caller must refuse or downgrade such a mailbox before it gets here
     */
    public String render(Utf8Mode mode) {
        if (mode == Utf8Mode.ASCII_ONLY && needsSmtputf8()) {
            throw new IllegalStateException("a non-ASCII local part needs SMTPUTF8");
        }
        return localPartForm() + "@" + host.form(mode);
    }

    /** {@code <} {@link #render(Utf8Mode)} {@code >}, the forward or reverse path to this mailbox. */
    @Override
    public String pathForm(Utf8Mode mode) {
        return "<" + render(mode) + ">";
    }

    /** The UTF-8 form ({@link #render(Utf8Mode)} with U-labels); it parses back to an equal mailbox. */
    @Override
    public String toString() {
        return render(Utf8Mode.UTF8_ALLOWED);
    }
}
