package dev.mta.testkit.sink;

import dev.mta.core.sink.Envelope;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A committed message as a sink stored it.
 *
 * @param envelope the envelope, as read back from storage
 * @param content  the header given at commit followed by every written byte, in order
 */
public record StoredMessage(Envelope envelope, byte[] content) {

    public StoredMessage {
        Objects.requireNonNull(envelope, "envelope");
        content = content.clone();
    }

    /** A copy: the stored bytes cannot be changed through it. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as text, for assertions on messages known to be UTF-8. */
    public String contentAsUtf8() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoredMessage other && envelope.equals(other.envelope)
                && Arrays.equals(content, other.content);
    }

    @Override
    public int hashCode() {
        return 31 * envelope.hashCode() + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "StoredMessage[envelope=" + envelope + ", content=" + content.length + " octets]";
    }
}
