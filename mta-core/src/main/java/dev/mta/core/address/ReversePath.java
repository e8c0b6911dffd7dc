package dev.mta.core.address;

import java.util.Objects;
import java.util.Optional;

/**
 * The reverse path of MAIL FROM: a mailbox, or the null path {@code <>} used by bounces and other
 * notifications, which must never be answered with a bounce (RFC 5321 section 4.5.5).
 */
public final class ReversePath {

    /** The null reverse path {@code <>}. */
    public static final ReversePath NULL = new ReversePath(null);

    private final Mailbox mailbox;

    private ReversePath(Mailbox mailbox) {
        this.mailbox = mailbox;
    }

    public static ReversePath of(Mailbox mailbox) {
        return new ReversePath(Objects.requireNonNull(mailbox, "mailbox"));
    }

    public boolean isNull() {
        return mailbox == null;
    }

    public Optional<Mailbox> mailbox() {
        return Optional.ofNullable(mailbox);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReversePath other && Objects.equals(mailbox, other.mailbox);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(mailbox);
    }

    /**
     * The path as written in a MAIL command: {@code <>} or the mailbox's {@link Mailbox#pathForm(Utf8Mode)}.
     *
     * @throws IllegalStateException when {@link #needsSmtputf8()} and {@code mode} is ASCII only
     */
    public String pathForm(Utf8Mode mode) {
        return mailbox == null ? "<>" : mailbox.pathForm(mode);
    }

    /** Whether the path can only be written with SMTPUTF8: a mailbox with a non-ASCII local part. */
    public boolean needsSmtputf8() {
        return mailbox != null && mailbox.needsSmtputf8();
    }

    /** The path as written in a command: {@code <>} or {@code <local@host>} with U-labels; it parses back. */
    @Override
    public String toString() {
        return mailbox == null ? "<>" : "<" + mailbox + ">";
    }
}
