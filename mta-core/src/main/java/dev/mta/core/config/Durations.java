package dev.mta.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Durations in configuration text.
 *
 * <p>Accepted: a whole number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}
 * ({@code 30s}, {@code 5m}, {@code 1h}, {@code 5d}; a day is 24 hours), several of them from the largest unit
 * down ({@code 1h30m}), or ISO-8601 as {@link Duration#parse} reads it ({@code PT5M}, {@code P5D}). A bare
 * number is refused: seconds or milliseconds is a guess. Units are case-sensitive so that {@code M} is never
 * read as months. Negative durations are refused; zero parses, and each key decides whether it allows it.
 */
public final class Durations {

    private enum Unit {
        DAYS("d", Duration.ofDays(1)), HOURS("h", Duration.ofHours(1)), MINUTES("m", Duration.ofMinutes(1)),
        SECONDS("s", Duration.ofSeconds(1)), MILLIS("ms", Duration.ofMillis(1));

        final String symbol;
        final Duration length;

        Unit(String symbol, Duration length) {
            this.symbol = symbol;
            this.length = length;
        }
    }

    private static final List<Unit> UNITS = List.of(Unit.values());
    private static final String ALLOWED =
            "a whole number with a unit ms, s, m, h or d (e.g. 30s, 5m, 1h, 5d, 1h30m), or ISO-8601 (e.g. PT5M)";

    private Durations() {
    }

    /**
     * Parses the text forms described in the class comment.
     *
     * @throws InvalidValueException if the text is not a valid, non-negative duration
     */
    public static Duration parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new InvalidValueException("must not be empty; give " + ALLOWED);
        }
        if (s.charAt(0) == '-') {
            throw new InvalidValueException("must not be negative");
        }
        if (s.charAt(0) == 'P' || s.charAt(0) == 'p' || s.charAt(0) == '+') {
            return parseIso(s);
        }
        Duration total = Duration.ZERO;
        int previousUnit = -1;
        int i = 0;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
            }
            if (i == start) {
                throw new InvalidValueException("must be " + ALLOWED);
            }
            String digits = s.substring(start, i);
            if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                throw new InvalidValueException("must be a whole number; use a smaller unit (e.g. 90m, not 1.5h)");
            }
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            int unitStart = i;
            while (i < s.length() && Character.isLetter(s.charAt(i))) {
                i++;
            }
            String unitText = s.substring(unitStart, i);
            if (unitText.isEmpty()) {
                throw new InvalidValueException("needs a unit: " + ALLOWED);
            }
            Unit unit = unit(unitText);
            if (unit.ordinal() <= previousUnit) {
                throw new InvalidValueException(
                        "units must go from the largest to the smallest, each once (e.g. 1h30m)");
            }
            previousUnit = unit.ordinal();
            try {
                total = total.plus(unit.length.multipliedBy(Long.parseLong(digits)));
            } catch (ArithmeticException | NumberFormatException e) {
                throw new InvalidValueException("too large");
            }
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }
        return total;
    }

    private static Unit unit(String text) {
        for (Unit u : UNITS) {
            if (u.symbol.equals(text)) {
                return u;
            }
        }
        throw new InvalidValueException("unknown unit '" + text + "'; use ms, s, m, h or d (case-sensitive)");
    }

    private static Duration parseIso(String s) {
        Duration d;
        try {
            d = Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new InvalidValueException("not an ISO-8601 duration (e.g. PT5M, P5D); or use " + ALLOWED);
        }
        if (d.isNegative()) {
            throw new InvalidValueException("must not be negative");
        }
        return d;
    }

    /**
     * The short text form ({@code 5m}, {@code 1h30m}, {@code 5d}); ISO-8601 for what it cannot express
     * (fractions of a millisecond, negative durations). {@link #parse} reads it back to an equal duration.
     */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        if (duration.isNegative() || duration.getNano() % 1_000_000 != 0) {
            return duration.toString();
        }
        StringBuilder sb = new StringBuilder();
        Duration rest = duration;
        for (Unit u : UNITS) {
            long n = rest.dividedBy(u.length);
            if (n > 0) {
                sb.append(n).append(u.symbol);
                rest = rest.minus(u.length.multipliedBy(n));
            }
        }
        return sb.toString();
    }
}
