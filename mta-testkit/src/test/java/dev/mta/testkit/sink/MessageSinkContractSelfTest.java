package dev.mta.testkit.sink;

import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;
import dev.mta.core.sink.SinkUnavailableException;
import dev.mta.testkit.Envelopes;
import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The contract must be able to fail: each test breaks one promise in a sink and checks that the contract test
 * for that promise catches it.
 */
class MessageSinkContractSelfTest {

    private final BrokenSink sink = new BrokenSink();
    private final List<ByteBuf> kept = new ArrayList<>();

    @AfterEach
    void releaseWhatTheBrokenSinkKept() {
        kept.forEach(buf -> buf.release(buf.refCnt()));
    }

    @Test
    void catchesAWriterThatDoesNotReleaseBuffers() {
        sink.onWrite = (writer, data) -> {
            kept.add(data.retain());
            return writer.write(data);
        };

        assertCaught(contract()::contentIsTheConcatenationOfTheWritesByteForByte);
    }

    @Test
    void catchesAWriterThatIgnoresTheReaderIndex() {
        sink.onWrite = (writer, data) -> writer.write(data.readerIndex(0));

        assertCaught(contract()::contentIsTheConcatenationOfTheWritesByteForByte);
    }

    @Test
    void catchesAWriterThatThrowsAfterAbort() {
        Set<MessageWriter> abortedWriters = new HashSet<>();
        sink.onAbort = abortedWriters::add;
        sink.onWrite = (writer, data) -> {
            if (abortedWriters.contains(writer)) {
                data.release();
                throw new IllegalStateException("aborted");
            }
            return writer.write(data);
        };

        assertCaught(contract()::writeAfterAbortFailsThroughItsStage);
    }

    @Test
    void catchesStorageThatLosesTheUnicodeFormOfDomains() {
        sink.onOpen = MessageSinkContractSelfTest::asciiOnly;
        Envelope utf8 = Envelopes.builder().sender("jürgen@bücher.example").build();
        assertEquals(utf8, asciiOnly(utf8), "Envelope.equals alone cannot see the loss");

        assertCaught(contract()::envelopesComeBackEqualInEveryField);
    }

    @Test
    void catchesMessagesVisibleBeforeCommit() {
        Set<QueueId> opened = new HashSet<>();
        sink.onOpened = opened::add;
        MessageSinkContract contract = contract(id -> opened.contains(id)
                ? Optional.of(new StoredMessage(Envelopes.simple(), new byte[0]))
                : sink.storage.message(id));

        assertCaught(contract::nothingIsVisibleBeforeTheCommitCompletes);
    }

    @Test
    void catchesAnAbortThatThrowsAfterCommit() {
        sink.onAbort = writer -> {
            throw new IllegalStateException("abort after commit");
        };

        assertCaught(contract()::abortAfterACompletedCommitHasNoEffect);
    }

    private static void assertCaught(Executable contractTest) {
        assertThrows(AssertionError.class, contractTest);
    }

    private MessageSinkContract contract() {
        return contract(sink.storage::message);
    }

    private MessageSinkContract contract(Function<QueueId, Optional<StoredMessage>> lookup) {
        return new MessageSinkContract() {
            @Override
            public MessageSink sink() {
                return sink;
            }

            @Override
            public Optional<StoredMessage> stored(QueueId id) {
                return lookup.apply(id);
            }

            @Override
            public int storedCount() {
                return sink.storage.messageCount();
            }
        };
    }

    /** The envelope as a careless store would give it back: domains in A-label form only. */
    private static Envelope asciiOnly(Envelope envelope) {
        UnaryOperator<Mailbox> ascii = m -> m.host() instanceof Domain d
                ? new Mailbox(m.localPart(), new Domain(d.ascii(), d.ascii()))
                : m;
        ReversePath sender = envelope.sender().mailbox().map(ascii).map(ReversePath::of).orElse(ReversePath.NULL);
        List<Recipient> recipients = envelope.recipients().stream()
                .map(r -> new Recipient(ascii.apply(r.address()), r.notifyOn(), r.originalRecipient()))
                .toList();
        return new Envelope(sender, envelope.parameters(), recipients, envelope.origin());
    }

    /** An in-memory sink with one promise broken by the test through a hook. */
    private static final class BrokenSink implements MessageSink {

        final InMemoryMessageSink storage = new InMemoryMessageSink();
        UnaryOperator<Envelope> onOpen = envelope -> envelope;
        Consumer<QueueId> onOpened = id -> { };
        BiFunction<MessageWriter, ByteBuf, CompletionStage<Void>> onWrite = MessageWriter::write;
        Consumer<MessageWriter> onAbort = writer -> { };

        @Override
        public MessageWriter open(Envelope envelope) throws SinkUnavailableException {
            MessageWriter inner = storage.open(onOpen.apply(envelope));
            onOpened.accept(inner.id());
            return new MessageWriter() {
                @Override
                public QueueId id() {
                    return inner.id();
                }

                @Override
                public CompletionStage<Void> write(ByteBuf data) {
                    return onWrite.apply(inner, data);
                }

                @Override
                public CompletionStage<QueueId> commit(ByteBuf header) {
                    return inner.commit(header);
                }

                @Override
                public void abort() {
                    onAbort.accept(inner);
                    inner.abort();
                }
            };
        }

        @Override
        public boolean hasRoomFor(long expectedSize) {
            return storage.hasRoomFor(expectedSize);
        }
    }
}
