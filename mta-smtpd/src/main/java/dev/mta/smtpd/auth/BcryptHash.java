package dev.mta.smtpd.auth;

import java.util.Objects;

/**
 * A bcrypt hash in the OpenBSD modular crypt form {@code $2y$12$<22 chars salt><31 chars hash>}, as dovecot's
 * {@code {BLF-CRYPT}}, htpasswd {@code -B} and python's bcrypt write it. The variants {@code 2a}, {@code 2b} and
 * {@code 2y} are accepted; they compute the same hash for every password without octets above 0x7F, and Bouncy
 * Castle's checker treats them alike.
 *
 * <p>The cost is bounded (4 to {@link #MAX_COST}): each step doubles the work, and a hostile entry with cost 31
 * would make one login run for days. bcrypt uses at most the first 72 octets of a password.
 *
 * @param value the whole modular crypt string
 */
public record BcryptHash(String value) implements StoredPassword {

    /** Cost 14 is 16384 rounds, a few seconds of one core in Bouncy Castle; more ties up the pool per login. */
    public static final int MAX_COST = 14;
    /** The smallest cost bcrypt defines. */
    public static final int MIN_COST = 4;
    private static final int LENGTH = 60;

    public BcryptHash {
        Objects.requireNonNull(value, "value");
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Reads a modular crypt string such as {@code $2y$12$...}, checking its form and cost. */
    public static BcryptHash parse(String text) throws InvalidHashException {
        String problem = problem(text);
        if (problem != null) {
            throw new InvalidHashException(problem);
        }
        return new BcryptHash(text);
    }

    /** The cost factor: 2 to this power rounds. */
    public int cost() {
        return Integer.parseInt(value.substring(4, 6));
    }

    @Override
    public String usersFileForm() {
        return "{BLF-CRYPT}" + value;
    }

    @Override
    public String toString() {
        return "bcrypt(cost=" + cost() + ")";
    }

    private static String problem(String text) {
        boolean variant = text.startsWith("$2a$") || text.startsWith("$2b$") || text.startsWith("$2y$");
        if (!variant) {
            return "a {BLF-CRYPT} password must start with $2a$, $2b$ or $2y$";
        }
        if (text.length() != LENGTH || text.charAt(6) != '$' || !isDigit(text.charAt(4)) || !isDigit(text.charAt(5))) {
            return "a bcrypt hash has the form $2y$NN$ and 53 characters of salt and hash";
        }
        int cost = Integer.parseInt(text.substring(4, 6));
        if (cost < MIN_COST || cost > MAX_COST) {
            return "bcrypt cost " + cost + " is outside " + MIN_COST + " to " + MAX_COST;
        }
        for (int i = 7; i < LENGTH; i++) {
            char c = text.charAt(i);
            // bcrypt's own base64 alphabet: ./A-Za-z0-9
            if (!(c == '.' || c == '/' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || isDigit(c))) {
                return "a bcrypt hash has a character outside its base64 alphabet";
            }
        }
        return null;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
