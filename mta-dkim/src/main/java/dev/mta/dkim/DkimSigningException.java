package dev.mta.dkim;

/** A message could not be signed: no usable From, a key the crypto provider refused, headers too large. */
public final class DkimSigningException extends Exception {

    public DkimSigningException(String message) {
        super(message);
    }

    public DkimSigningException(String message, Throwable cause) {
        super(message, cause);
    }
}
