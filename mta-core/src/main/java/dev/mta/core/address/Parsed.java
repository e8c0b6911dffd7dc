package dev.mta.core.address;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The result of parsing an address: a value and the index just after the text it came from, or the reason
 * the text is not an address. Parsers return this instead of throwing, so a command parser can turn a bad
 * address into a reply without exception handling.
 *
 * @param <T> the parsed value's type
 */
public sealed interface Parsed<T> permits Parsed.Ok, Parsed.Invalid {

    /**
     * Why an input was refused, coarse enough for the server to pick a reply code: syntax errors are
     * {@code 501 5.1.7} / {@code 501 5.1.3}, and {@link #NEEDS_SMTPUTF8} is {@code 553 5.6.7} (RFC 6531
     * section 3.5).
     */
    enum Problem {
        /** The text breaks the RFC 5321 / RFC 6531 grammar, or holds a forbidden character. */
        SYNTAX,
        /** A length limit of RFC 5321 section 4.5.3.1 is exceeded. */
        TOO_LONG,
        /** The address is valid but has non-ASCII characters, and the client did not give SMTPUTF8. */
        NEEDS_SMTPUTF8
    }

    /**
     * A successful parse.
     *
     * @param value the parsed value
     * @param end   the index just after the parsed text (for a path: after the closing {@code >}), in the
     *              units of the input ({@code char}s of a {@link CharSequence}, octets of a byte array)
     */
    record Ok<T>(T value, int end) implements Parsed<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * A refused input.
     *
     * @param problem the kind of problem
     * @param reason  short English a reply can quote, e.g. "local part longer than 64 octets"; it never
     *                contains the input's characters other than printable ASCII
     */
    record Invalid<T>(Problem problem, String reason) implements Parsed<T> {
        public Invalid {
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(reason, "reason");
        }

        /** The same failure, as the result of a parse of another type. */
        public <R> Invalid<R> retype() {
            return new Invalid<>(problem, reason);
        }
    }

    static <T> Parsed<T> ok(T value, int end) {
        return new Ok<>(value, end);
    }

    static <T> Parsed<T> syntax(String reason) {
        return new Invalid<>(Problem.SYNTAX, reason);
    }

    static <T> Parsed<T> tooLong(String reason) {
        return new Invalid<>(Problem.TOO_LONG, reason);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value, or empty when the input was refused. */
    default Optional<T> toOptional() {
        return this instanceof Ok<T> ok ? Optional.of(ok.value()) : Optional.empty();
    }

    /** The value, or an {@link IllegalArgumentException} carrying the reason (for configuration code). */
    default T orElseThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalArgumentException(((Invalid<T>) this).reason());
    }

    /** Transforms the value of a successful parse; a failure passes through. */
    default <R> Parsed<R> map(Function<? super T, ? extends R> function) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(function.apply(ok.value()), ok.end());
        }
        return ((Invalid<T>) this).retype();
    }
}
