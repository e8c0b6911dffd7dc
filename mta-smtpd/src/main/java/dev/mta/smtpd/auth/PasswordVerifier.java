package dev.mta.smtpd.auth;

/**
 * Checks a password against a stored hash. Slow on purpose (tens to hundreds of milliseconds of CPU), so it
 * must never run on an event loop (DESIGN.md invariant 2); {@link Authenticator} runs it on its executor.
 */
public interface PasswordVerifier {

    /** Whether {@code password} matches {@code stored}; the comparison of the final values is constant-time. */
    boolean verify(String password, StoredPassword stored);

    /**
     * A hash that no password matches and that costs as much to check as a new hash does, for users that do not
     * exist: an unknown user must cost the same work as a wrong password (SECURITY.md S-12).
     */
    StoredPassword dummy();
}
