package dev.mta.smtpd.auth;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * An Argon2id hash (RFC 9106) in the PHC string format that the reference implementation, argon2-cffi, libsodium
 * and dovecot write: {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in standard base64
 * without padding. Only version 19 (0x13, the RFC version) is accepted; the older 0x10 is obsolete.
 *
 * <p>The arrays are copied in and out, so a value cannot be changed after it is made. {@link #toString()}
 * shows the cost only, never salt or hash.
 *
 * @param cost the cost parameters, within {@link Argon2Cost}'s bounds
 * @param salt 8 to 64 octets (RFC 9106 section 3.1 asks for at least 8, recommends 16)
 * @param hash the tag, 16 to 64 octets
 */
public record Argon2idHash(Argon2Cost cost, byte[] salt, byte[] hash) implements StoredPassword {

    /** The only version accepted: 0x13 (RFC 9106 section 3.1). */
    public static final int VERSION = 19;
    static final int MIN_SALT = 8;
    static final int MAX_SALT = 64;
    static final int MIN_HASH = 16;
    static final int MAX_HASH = 64;
    private static final String PREFIX = "$argon2id$";

    public Argon2idHash {
        Objects.requireNonNull(cost, "cost");
        salt = salt.clone();
        hash = hash.clone();
        if (salt.length < MIN_SALT || salt.length > MAX_SALT) {
            throw new IllegalArgumentException("salt must be " + MIN_SALT + " to " + MAX_SALT + " octets");
        }
        if (hash.length < MIN_HASH || hash.length > MAX_HASH) {
            throw new IllegalArgumentException("hash must be " + MIN_HASH + " to " + MAX_HASH + " octets");
        }
    }

    @Override
    public byte[] salt() {
        return salt.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }

    /** Reads a PHC string such as {@code $argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA...}. */
    public static Argon2idHash parse(String phc) throws InvalidHashException {
        if (!phc.startsWith(PREFIX)) {
            throw new InvalidHashException("an {ARGON2ID} password must start with " + PREFIX);
        }
        String[] parts = phc.substring(PREFIX.length()).split("\\$", -1);
        if (parts.length != 4) {
            throw new InvalidHashException("an Argon2id hash has the form $argon2id$v=19$m=M,t=T,p=P$salt$hash");
        }
        if (!parts[0].equals("v=" + VERSION)) {
            throw new InvalidHashException("only Argon2 version v=" + VERSION + " is accepted");
        }
        String[] params = parts[1].split(",", -1);
        if (params.length != 3) {
            throw new InvalidHashException("Argon2 parameters must be exactly m=M,t=T,p=P");
        }
        long m = number(params[0], "m=");
        long t = number(params[1], "t=");
        long p = number(params[2], "p=");
        Argon2Cost cost = Argon2Cost.check(m, t, p);
        byte[] salt = base64(parts[2], "salt", MIN_SALT, MAX_SALT);
        byte[] hash = base64(parts[3], "hash", MIN_HASH, MAX_HASH);
        return new Argon2idHash(cost, salt, hash);
    }

    /** The PHC string, as {@link #parse} reads it. */
    public String phc() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return PREFIX + "v=" + VERSION + "$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.lanes()
                + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }

    @Override
    public String usersFileForm() {
        return "{ARGON2ID}" + phc();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Argon2idHash other && cost.equals(other.cost) && Arrays.equals(salt, other.salt)
                && Arrays.equals(hash, other.hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cost, Arrays.hashCode(salt), Arrays.hashCode(hash));
    }

    @Override
    public String toString() {
        return "Argon2id(m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.lanes() + ")";
    }

    private static long number(String param, String name) throws InvalidHashException {
        if (!param.startsWith(name)) {
            throw new InvalidHashException("Argon2 parameters must be exactly m=M,t=T,p=P in this order");
        }
        String digits = param.substring(name.length());
        // PHC string format: decimal, no sign, no leading zero; ten digits already exceed every bound.
        if (digits.isEmpty() || digits.length() > 10 || (digits.length() > 1 && digits.charAt(0) == '0')
                || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidHashException("Argon2 parameter " + name + " is not a decimal number");
        }
        return Long.parseLong(digits);
    }

    private static byte[] base64(String text, String what, int min, int max) throws InvalidHashException {
        // PHC "B64": the standard alphabet without padding; '=' and whitespace are refused.
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/')) {
                throw new InvalidHashException("Argon2 " + what + " is not unpadded base64");
            }
        }
        if (text.length() % 4 == 1) {
            throw new InvalidHashException("Argon2 " + what + " is not unpadded base64");
        }
        byte[] bytes = Base64.getDecoder().decode(text);
        if (bytes.length < min || bytes.length > max) {
            throw new InvalidHashException("Argon2 " + what + " must be " + min + " to " + max + " octets, is "
                    + bytes.length);
        }
        return bytes;
    }
}
