package dev.mta.smtpd.wire.command;

import dev.mta.core.smtp.Reply;

/** A value, or the reply refusing the text it was parsed from; the parser's internal result type. */
sealed interface Checked<T> permits Checked.Ok, Checked.Err {

    record Ok<T>(T value) implements Checked<T> {
    }

    record Err<T>(Reply reply) implements Checked<T> {
    }

    static <T> Checked<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> Checked<T> err(Reply reply) {
        return new Err<>(reply);
    }
}
