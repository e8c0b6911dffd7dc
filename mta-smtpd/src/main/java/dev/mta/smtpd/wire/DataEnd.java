package dev.mta.smtpd.wire;

import dev.mta.core.smtp.Reply;

import java.util.Objects;
import java.util.Optional;

/**
 * The real end of a DATA message ({@code CRLF.CRLF}), emitted by {@link DataDecoder} after the last content
 * chunk.
 *
 * @param rejection the reply refusing the message, decided while it streamed; empty when the content is
 *                  acceptable (the session still has to store it before it answers 250)
 * @param size      the content octets counted, after dot-unstuffing, also past a size-limit refusal
 */
public record DataEnd(Optional<Reply> rejection, long size) {

    public DataEnd {
        Objects.requireNonNull(rejection, "rejection");
        if (size < 0) {
            throw new IllegalArgumentException("size must not be negative: " + size);
        }
    }

    public boolean accepted() {
        return rejection.isEmpty();
    }
}
