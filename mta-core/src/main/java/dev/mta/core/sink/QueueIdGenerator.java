package dev.mta.core.sink;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/**
 * Makes {@link QueueId}s: 14 characters of Crockford base32 (digits and upper-case letters without I, L, O,
 * U), the first 9 from the milliseconds since 1970 (enough until the year 3084), the last 5 from a counter
 * that starts at a random value. Ids are fixed-width, so text order is arrival order; upper case only, so
 * they are safe on case-insensitive file systems too.
 *
 * <p>Ids never go backwards within one generator: when the clock steps back the last time is reused and the
 * counter advances. Across restarts the random start of the counter makes a collision within the same
 * millisecond unlikely; the queue still creates entries exclusively, so a collision can never overwrite.
 * Thread-safe.
 */
public final class QueueIdGenerator {

    static final int LENGTH = 14;
    private static final int TIME_CHARS = 9;
    private static final int COUNTER_BITS = 25;
    private static final long COUNTER_MASK = (1L << COUNTER_BITS) - 1;
    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private long lastMillis;
    private long counter;

    public QueueIdGenerator(Clock clock) {
        this(clock, new SecureRandom());
    }

    QueueIdGenerator(Clock clock, java.util.Random random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.counter = random.nextInt(1 << COUNTER_BITS);
        this.lastMillis = Long.MIN_VALUE;
    }

    public QueueId next() {
        long millis;
        long count;
        synchronized (this) {
            millis = Math.max(clock.millis(), lastMillis);
            counter = (counter + 1) & COUNTER_MASK;
            if (millis == lastMillis && counter == 0) {
                // 2^25 ids in one millisecond: move on to the next one rather than wrap around.
                millis++;
            }
            lastMillis = millis;
            count = counter;
        }
        char[] text = new char[LENGTH];
        encode(millis, text, 0, TIME_CHARS);
        encode(count, text, TIME_CHARS, LENGTH - TIME_CHARS);
        return new QueueId(new String(text));
    }

    private static void encode(long value, char[] out, int from, int chars) {
        for (int i = from + chars - 1; i >= from; i--) {
            out[i] = ALPHABET[(int) (value & 31)];
            value >>>= 5;
        }
    }

    /** Whether {@code text} has the form of a queue id: 14 characters of the id alphabet. */
    public static boolean isWellFormed(String text) {
        if (text.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9')
                    || (c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
