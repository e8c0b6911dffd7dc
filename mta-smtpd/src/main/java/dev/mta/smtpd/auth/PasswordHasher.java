package dev.mta.smtpd.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.generators.OpenBSDBCrypt;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * Makes Argon2id hashes for new passwords and verifies Argon2id and bcrypt hashes, with Bouncy Castle.
 * Passwords are hashed as their UTF-8 octets, as argon2-cffi, htpasswd and dovecot do, so their hashes verify
 * here. Thread-safe: it holds only the cost and a {@link SecureRandom}, which is safe to share.
 */
public final class PasswordHasher implements PasswordVerifier {

    private static final int SALT_OCTETS = 16;
    private static final int HASH_OCTETS = 32;

    private final Argon2Cost cost;
    private final SecureRandom random;
    private final Argon2idHash dummy;

    /**
     * @param cost   the cost of new hashes and of the dummy hash; {@link Argon2Cost#DEFAULT} in production,
     *               smaller in tests that only need the code path
     * @param random the source of salts
     */
    public PasswordHasher(Argon2Cost cost, SecureRandom random) {
        this.cost = Objects.requireNonNull(cost, "cost");
        this.random = Objects.requireNonNull(random, "random");
        // Random salt and tag: checking it costs a full Argon2id computation, and no password can match it
        // (a 2^-256 chance), without spending a hash computation here to make it.
        this.dummy = new Argon2idHash(cost, randomBytes(SALT_OCTETS), randomBytes(HASH_OCTETS));
    }

    /** A hasher with {@link Argon2Cost#DEFAULT} and a new {@link SecureRandom}. */
    public PasswordHasher() {
        this(Argon2Cost.DEFAULT, new SecureRandom());
    }

    /** A new Argon2id hash of {@code password} with a fresh 16-octet salt; slow, run it off the event loop. */
    public Argon2idHash hash(String password) {
        byte[] salt = randomBytes(SALT_OCTETS);
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        try {
            return new Argon2idHash(cost, salt, argon2(secret, cost, salt, HASH_OCTETS));
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    @Override
    public boolean verify(String password, StoredPassword stored) {
        Objects.requireNonNull(password, "password");
        if (stored instanceof Argon2idHash argon2) {
            return verifyArgon2(password, argon2);
        }
        BcryptHash bcrypt = (BcryptHash) stored;
        char[] chars = password.toCharArray();
        try {
            // OpenBSDBCrypt encodes the password as UTF-8 and compares the result in constant time.
            return OpenBSDBCrypt.checkPassword(bcrypt.value(), chars);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    @Override
    public StoredPassword dummy() {
        return dummy;
    }

    private static boolean verifyArgon2(String password, Argon2idHash stored) {
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        byte[] expected = stored.hash();
        byte[] actual = null;
        try {
            actual = argon2(secret, stored.cost(), stored.salt(), expected.length);
            // MessageDigest.isEqual takes time that depends on the length only, not on where the arrays differ.
            return MessageDigest.isEqual(actual, expected);
        } finally {
            Arrays.fill(secret, (byte) 0);
            if (actual != null) {
                Arrays.fill(actual, (byte) 0);
            }
        }
    }

    private static byte[] argon2(byte[] secret, Argon2Cost cost, byte[] salt, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.lanes())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(secret, out);
        return out;
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
