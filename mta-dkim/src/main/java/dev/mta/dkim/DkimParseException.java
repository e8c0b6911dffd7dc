package dev.mta.dkim;

/**
 * A tag list, a {@code DKIM-Signature} field, a key record or a key that does not follow its syntax, or that is
 * well formed but forbidden by the RFCs (rsa-sha1, a signature that does not cover From).
 */
public final class DkimParseException extends Exception {

    private final boolean forbidden;

    public DkimParseException(String message) {
        this(message, false);
    }

    public DkimParseException(String message, Throwable cause) {
        super(message, cause);
        this.forbidden = false;
    }

    private DkimParseException(String message, boolean forbidden) {
        super(message);
        this.forbidden = forbidden;
    }

    /** Well-formed input that an RFC forbids us to accept. */
    static DkimParseException forbidden(String message) {
        return new DkimParseException(message, true);
    }

    /** Whether the input was well formed but is forbidden (verifiers report permerror, not neutral). */
    public boolean isForbidden() {
        return forbidden;
    }
}
