package dev.mta.smtpd.auth;

import java.util.Locale;
import java.util.Set;

/**
 * A password as the users file stores it: a hash with its scheme, in dovecot's {@code {SCHEME}hash} notation.
 * Only slow, salted hashes exist here; a plaintext password or any other scheme is refused when the file is
 * read, so no user can ever be checked against one (DESIGN.md: "never plaintext").
 */
public sealed interface StoredPassword permits Argon2idHash, BcryptHash {

    /** Dovecot's names for plaintext "schemes"; named in the error so the administrator sees why. */
    Set<String> PLAINTEXT_SCHEMES = Set.of("PLAIN", "CLEAR", "CLEARTEXT", "PLAIN-TRUNC");

    /** The scheme and hash as written in the users file, e.g. {@code {ARGON2ID}$argon2id$v=19$...}. */
    String usersFileForm();

    /**
     * Reads the password field of a users file line.
     *
     * @throws InvalidHashException for a missing, plaintext or unknown scheme, or a malformed or too costly
     *                              hash; the message never contains the hash
     */
    static StoredPassword parse(String field) throws InvalidHashException {
        if (field.isEmpty()) {
            throw new InvalidHashException("the password field is empty");
        }
        if (field.charAt(0) != '{') {
            throw new InvalidHashException("the password has no {SCHEME} prefix; plaintext passwords are refused,"
                    + " store an {ARGON2ID} or {BLF-CRYPT} hash");
        }
        int close = field.indexOf('}');
        String scheme = close < 0 ? null : field.substring(1, close);
        if (scheme == null || scheme.isEmpty() || scheme.length() > 32 || !isSchemeName(scheme)) {
            throw new InvalidHashException("malformed {SCHEME} prefix of the password");
        }
        String hash = field.substring(close + 1);
        String upper = scheme.toUpperCase(Locale.ROOT);
        // Dovecot treats scheme names case-insensitively (doc: "Password Schemes"), so we do too.
        switch (upper) {
            case "ARGON2ID":
                return Argon2idHash.parse(hash);
            case "BLF-CRYPT":
                return BcryptHash.parse(hash);
            default:
                if (PLAINTEXT_SCHEMES.contains(upper)) {
                    throw new InvalidHashException("plaintext password scheme {" + scheme + "} is refused;"
                            + " store an {ARGON2ID} or {BLF-CRYPT} hash");
                }
                throw new InvalidHashException("unknown password scheme {" + scheme + "};"
                        + " use {ARGON2ID} or {BLF-CRYPT}");
        }
    }

    private static boolean isSchemeName(String scheme) {
        for (int i = 0; i < scheme.length(); i++) {
            char c = scheme.charAt(i);
            boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-'
                    || c == '.' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
