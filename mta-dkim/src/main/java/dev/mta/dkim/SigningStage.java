package dev.mta.dkim;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.SinkUnavailableException;

import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Decides per message whether the signing stage applies and puts it around the queue's writer. Only locally
 * originated mail is signed (DESIGN.md, "Domains, users, addresses"); the keys are chosen later, from the From
 * domain, when the header has streamed through (see {@link SigningMessageWriter}).
 *
 * <p>The keyring is read through a supplier at each message, so a reload that swaps it takes effect for the next
 * message without touching messages in flight.
 */
public final class SigningStage {

    /** Headers beyond this size are not signed (the message still goes through). */
    public static final int DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;

    private final Supplier<SigningKeyring> keyring;
    private final DkimSigner signer;
    private final Executor executor;
    private final int maxHeaderBytes;

    /**
     * @param keyring        the current keys
     * @param signer         signature settings (canonicalization, clock, headers)
     * @param executor       a worker pool for hashing and signing, never an event loop
     * @param maxHeaderBytes header size beyond which a message is not signed
     */
    public SigningStage(Supplier<SigningKeyring> keyring, DkimSigner signer, Executor executor, int maxHeaderBytes) {
        this.keyring = Objects.requireNonNull(keyring, "keyring");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.executor = Objects.requireNonNull(executor, "executor");
        if (maxHeaderBytes < 1) {
            throw new IllegalArgumentException("maxHeaderBytes must be positive");
        }
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** The writer to use for this message: the signing stage around {@code inner}, or {@code inner} itself. */
    public MessageWriter wrap(Envelope envelope, MessageWriter inner) {
        SigningKeyring keys = keyring.get();
        if (!envelope.origin().locallyOriginated() || keys.keys().isEmpty()) {
            return inner;
        }
        return new SigningMessageWriter(inner, keys, signer, executor, maxHeaderBytes);
    }

    /** A sink that signs on the way into {@code sink}: what the daemon wires between the listeners and the queue. */
    public MessageSink around(MessageSink sink) {
        Objects.requireNonNull(sink, "sink");
        return new MessageSink() {
            @Override
            public MessageWriter open(Envelope envelope) throws SinkUnavailableException {
                return wrap(envelope, sink.open(envelope));
            }

            @Override
            public boolean hasRoomFor(long expectedSize) {
                return sink.hasRoomFor(expectedSize);
            }
        };
    }
}
