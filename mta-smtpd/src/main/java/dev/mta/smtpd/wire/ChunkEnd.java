package dev.mta.smtpd.wire;

import dev.mta.core.smtp.Reply;

import java.util.Objects;
import java.util.Optional;

/**
 * The end of one BDAT chunk (RFC 3030 section 2), emitted by {@link BdatDecoder} after the chunk's content.
 *
 * @param octets      the octets the BDAT command announced, all of them read
 * @param last        whether the command carried {@code LAST}
 * @param rejection   the reply refusing the message, if the message so far is refused (size limit, hops); the
 *                    session answers the chunk or the whole message with it
 * @param messageSize the content octets of the message so far, as stored, across all its chunks
 */
public record ChunkEnd(long octets, boolean last, Optional<Reply> rejection, long messageSize) {

    public ChunkEnd {
        Objects.requireNonNull(rejection, "rejection");
        if (octets < 0 || messageSize < 0) {
            throw new IllegalArgumentException("octets and messageSize must not be negative");
        }
    }

    public boolean accepted() {
        return rejection.isEmpty();
    }
}
