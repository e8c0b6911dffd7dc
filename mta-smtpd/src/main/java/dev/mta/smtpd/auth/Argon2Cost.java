package dev.mta.smtpd.auth;

/**
 * The cost parameters of an Argon2id hash (RFC 9106 section 3.1): memory in KiB, passes over it, and lanes.
 *
 * <p>{@link #DEFAULT} is what mta uses for new hashes and for the dummy hash an unknown user is checked against:
 * m=19456 KiB (19 MiB), t=2, p=1, the first of OWASP's equivalent Argon2id configurations (Password Storage
 * Cheat Sheet) and its stated minimum. Why not more: Bouncy Castle's Java Argon2 is several times slower than
 * the C reference, so these already cost about 200 ms of one core per login on a small machine; the
 * authentication pool of a 2-core VPS should stay at one or two threads, and at two concurrent checks this
 * keeps the transient memory near 40 MiB. More memory or passes would raise the cost to an offline attacker
 * only linearly, while making every submission login and every brute-force attempt (which must cost the same,
 * DESIGN.md) tie up a core for half a second or more. p=1 because Bouncy Castle fills the lanes one after the
 * other on one thread: more lanes would add no speed for us and no cost for an attacker's parallel hardware.
 *
 * <p>Bounds ({@link #check}) apply to every hash read from the users file, since a hostile or mistyped entry
 * with m=4194304 or t=1000000 would make one login allocate gigabytes or run for hours.
 *
 * @param memoryKib  memory in KiB, at least 8 per lane (RFC 9106 section 3.1)
 * @param iterations passes over the memory, at least 1
 * @param lanes      degree of parallelism, at least 1
 */
public record Argon2Cost(int memoryKib, int iterations, int lanes) {

    /** OWASP's minimum Argon2id configuration; see the class comment for why it is the default. */
    public static final Argon2Cost DEFAULT = new Argon2Cost(19456, 2, 1);

    /** 256 MiB: more than one login may take on a small server; also far above any published recommendation. */
    public static final int MAX_MEMORY_KIB = 256 * 1024;

    /** RFC 9106's recommendations use at most 3 passes at 64 MiB or more; 10 leaves room for small-memory variants. */
    public static final int MAX_ITERATIONS = 10;

    /** More lanes than any server has cores. */
    public static final int MAX_LANES = 16;

    /** Memory times passes, in KiB: at most 256 MiB times 4 passes, about four seconds of one core. */
    public static final long MAX_WORK = (long) MAX_MEMORY_KIB * 4;

    public Argon2Cost {
        String problem = problem(memoryKib, iterations, lanes);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /**
     * The cost parameters, if they are within the bounds above.
     *
     * @throws InvalidHashException naming the parameter that is out of bounds
     */
    static Argon2Cost check(long memoryKib, long iterations, long lanes) throws InvalidHashException {
        String problem = problem(memoryKib, iterations, lanes);
        if (problem != null) {
            throw new InvalidHashException(problem);
        }
        return new Argon2Cost((int) memoryKib, (int) iterations, (int) lanes);
    }

    private static String problem(long memoryKib, long iterations, long lanes) {
        if (lanes < 1 || lanes > MAX_LANES) {
            return "Argon2 parallelism p=" + lanes + " is outside 1 to " + MAX_LANES;
        }
        if (memoryKib < 8 * lanes || memoryKib > MAX_MEMORY_KIB) {
            return "Argon2 memory m=" + memoryKib + " KiB is outside " + 8 * lanes + " to " + MAX_MEMORY_KIB;
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            return "Argon2 passes t=" + iterations + " is outside 1 to " + MAX_ITERATIONS;
        }
        if (memoryKib * iterations > MAX_WORK) {
            return "Argon2 cost m*t=" + memoryKib * iterations + " is above " + MAX_WORK;
        }
        return null;
    }
}
