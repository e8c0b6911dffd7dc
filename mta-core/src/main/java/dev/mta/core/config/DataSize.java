package dev.mta.core.config;

import java.util.Locale;

/**
 * An amount of data in bytes, such as a message size limit.
 *
 * <p>Text form: a whole number of bytes ({@code 36700160}), or a whole number followed by a binary unit
 * {@code B}, {@code KiB}, {@code MiB}, {@code GiB} or {@code TiB} (powers of 1024; IEC 80000-13), with or
 * without a space ({@code 35MiB}, {@code 35 MiB}). Decimal units such as {@code MB} are refused, not guessed:
 * administrators use them for both 10^6 and 2^20, and a size limit that is off by 5 % is a silent surprise.
 * Fractions and negative numbers are refused too; nothing is rounded or clamped.
 *
 * @param bytes the number of bytes, not negative
 */
public record DataSize(long bytes) implements Comparable<DataSize> {

    private enum Unit {
        BYTES("B", 1L), KIBIBYTES("KiB", 1L << 10), MEBIBYTES("MiB", 1L << 20), GIBIBYTES("GiB", 1L << 30),
        TEBIBYTES("TiB", 1L << 40);

        final String symbol;
        final long factor;

        Unit(String symbol, long factor) {
            this.symbol = symbol;
            this.factor = factor;
        }
    }

    private static final String ALLOWED =
            "a whole number of bytes, or a whole number with a unit B, KiB, MiB, GiB or TiB (e.g. 35MiB)";

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("negative size: " + bytes);
        }
    }

    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofMebibytes(long mebibytes) {
        return new DataSize(Math.multiplyExact(mebibytes, Unit.MEBIBYTES.factor));
    }

    /**
     * Parses the text form described in the class comment.
     *
     * @throws InvalidValueException if the text is not a valid size
     */
    public static DataSize parse(String text) {
        String s = text.strip();
        if (s.isEmpty()) {
            throw new InvalidValueException("must not be empty; give " + ALLOWED);
        }
        if (s.charAt(0) == '-') {
            throw new InvalidValueException("must not be negative");
        }
        int end = 0;
        while (end < s.length() && s.charAt(end) >= '0' && s.charAt(end) <= '9') {
            end++;
        }
        if (end == 0) {
            throw new InvalidValueException("must be " + ALLOWED);
        }
        if (end < s.length() && (s.charAt(end) == '.' || s.charAt(end) == ',')) {
            throw new InvalidValueException("must be a whole number; use a smaller unit (e.g. 1536KiB, not 1.5MiB)");
        }
        long number;
        try {
            number = Long.parseLong(s.substring(0, end));
        } catch (NumberFormatException e) {
            throw tooLarge();
        }
        String unitText = s.substring(end).stripLeading();
        if (unitText.isEmpty()) {
            return new DataSize(number);
        }
        Unit unit = unit(unitText);
        try {
            return new DataSize(Math.multiplyExact(number, unit.factor));
        } catch (ArithmeticException e) {
            throw tooLarge();
        }
    }

    private static Unit unit(String text) {
        for (Unit u : Unit.values()) {
            if (u.symbol.equals(text)) {
                return u;
            }
        }
        switch (text.toUpperCase(Locale.ROOT)) {
            case "K", "KB", "M", "MB", "G", "GB", "T", "TB" -> throw new InvalidValueException("unit '" + text
                    + "' is ambiguous (powers of 1000 or of 1024?); use KiB, MiB, GiB or TiB, or give bytes");
            case "KIB", "MIB", "GIB", "TIB", "BYTES" -> throw new InvalidValueException("unknown unit '" + text
                    + "'; units are case-sensitive: B, KiB, MiB, GiB or TiB");
            default -> throw new InvalidValueException("unknown unit '" + text + "'; use B, KiB, MiB, GiB or TiB");
        }
    }

    private static InvalidValueException tooLarge() {
        return new InvalidValueException("too large: at most " + Long.MAX_VALUE + " bytes");
    }

    @Override
    public int compareTo(DataSize other) {
        return Long.compare(bytes, other.bytes);
    }

    /** The largest unit that gives a whole number ({@code 35MiB}), or plain bytes when none does. */
    @Override
    public String toString() {
        if (bytes == 0) {
            return "0";
        }
        Unit[] units = Unit.values();
        for (int i = units.length - 1; i >= 1; i--) {
            if (bytes % units[i].factor == 0) {
                return bytes / units[i].factor + units[i].symbol;
            }
        }
        return Long.toString(bytes);
    }
}
