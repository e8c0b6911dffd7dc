package dev.mta.core.config;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A number of events allowed per period: {@code 1000/h}, {@code 10/m}, {@code 100/10m}.
 *
 * <p>Text form: a whole number of at least 1, a slash, then a period: a unit alone ({@code s}, {@code m},
 * {@code h}, {@code d}) for one of it, or any duration {@link Durations#parse} reads. A zero rate is refused:
 * it would block everything, which is what switching a feature off is for.
 *
 * @param count  how many events, at least 1
 * @param period in how long, positive
 */
public record Rate(long count, Duration period) {

    private static final Pattern ONE_UNIT = Pattern.compile("1[a-z]+");
    private static final String ALLOWED = "a count and a period, e.g. 1000/h, 10/m or 100/10m";

    public Rate {
        Objects.requireNonNull(period, "period");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1: " + count);
        }
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("period must be positive: " + period);
        }
    }

    /**
     * Parses the text form described in the class comment.
     *
     * @throws InvalidValueException if the text is not a valid rate
     */
    public static Rate parse(String text) {
        String s = text.strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new InvalidValueException("must be " + ALLOWED);
        }
        String countText = s.substring(0, slash).strip();
        String periodText = s.substring(slash + 1).strip();
        if (countText.startsWith("-")) {
            throw new InvalidValueException("the count must not be negative");
        }
        if (countText.isEmpty() || !countText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException("the count must be a whole number; " + ALLOWED);
        }
        long count;
        try {
            count = Long.parseLong(countText);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("the count is too large");
        }
        if (count < 1) {
            throw new InvalidValueException("the count must be at least 1");
        }
        if (!periodText.isEmpty() && Character.isLetter(periodText.charAt(0)) && periodText.charAt(0) != 'P') {
            periodText = "1" + periodText;
        }
        Duration period = Durations.parse(periodText);
        if (period.isZero()) {
            throw new InvalidValueException("the period must be longer than zero");
        }
        return new Rate(count, period);
    }

    /** {@code 1000/h} when the period is one unit, {@code 100/10m} otherwise. */
    @Override
    public String toString() {
        String p = Durations.format(period);
        return count + "/" + (ONE_UNIT.matcher(p).matches() ? p.substring(1) : p);
    }
}
