package dev.mta.testkit.sink;

import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.SinkUnavailableException;
import dev.mta.testkit.Envelopes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.mta.testkit.Stages.await;
import static dev.mta.testkit.Stages.awaitFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InMemoryMessageSinkTest implements MessageSinkContract {

    private final InMemoryMessageSink sink = new InMemoryMessageSink();

    @Override
    public MessageSink sink() {
        return sink;
    }

    @Override
    public Optional<StoredMessage> stored(QueueId id) {
        return sink.message(id);
    }

    @Override
    public int storedCount() {
        return sink.messageCount();
    }

    @Test
    void fullSinkRefusesToOpenAndHasNoRoom() throws Exception {
        sink.setFull(true);

        assertFalse(sink.hasRoomFor(1));
        assertThrows(SinkUnavailableException.class, () -> sink.open(Envelopes.simple()));
        assertEquals(0, sink.openWriterCount());

        sink.setFull(false);
        assertTrue(sink.hasRoomFor(1));
        MessageWriter writer = sink.open(Envelopes.simple());
        assertEquals(writer.id(), await(writer.commit()));
    }

    @Test
    void failedWriteFailsThatWriterOnlyAndReleasesTheBuffer() throws Exception {
        MessageWriter broken = sink.open(Envelopes.simple());
        MessageWriter fine = sink.open(Envelopes.simple());
        sink.failNextWrite();

        ByteBuf data = text("lost\r\n");
        assertInstanceOf(IOException.class, awaitFailure(broken.write(data)));
        assertEquals(0, data.refCnt());

        await(fine.write(text("kept\r\n")));
        assertInstanceOf(IllegalStateException.class, awaitFailure(broken.write(text("more\r\n"))));
        awaitFailure(broken.commit());
        await(fine.commit());

        assertEquals(List.of("kept\r\n"), contents());
        assertEquals(Optional.empty(), sink.message(broken.id()));
        assertEquals(0, sink.openWriterCount(), "a failed writer leaves nothing open");
    }

    @Test
    void failedCommitStoresNothingAndOnlyTheNextCommitFails() throws Exception {
        MessageWriter broken = sink.open(Envelopes.simple());
        await(broken.write(text("lost\r\n")));
        sink.failNextCommit();

        ByteBuf header = text("X-Header: lost\r\n");
        assertInstanceOf(IOException.class, awaitFailure(broken.commit(header)));
        assertEquals(0, header.refCnt());
        assertEquals(0, sink.messageCount());

        MessageWriter fine = sink.open(Envelopes.simple());
        await(fine.write(text("kept\r\n")));
        await(fine.commit());
        assertEquals(List.of("kept\r\n"), contents());
        assertEquals(0, sink.openWriterCount());
    }

    @Test
    void heldCommitIsInvisibleAndPendingUntilReleased() throws Exception {
        sink.holdCommits();
        MessageWriter writer = sink.open(Envelopes.simple());
        await(writer.write(text("body\r\n")));

        CompletableFuture<QueueId> commit = writer.commit().toCompletableFuture();

        assertFalse(commit.isDone(), "commit completed while held");
        assertEquals(1, sink.heldCommitCount());
        assertEquals(Optional.empty(), sink.message(writer.id()), "visible before durable");
        assertEquals(0, sink.messageCount());

        sink.releaseCommits();

        assertEquals(writer.id(), await(commit));
        assertEquals(List.of("body\r\n"), contents());
        assertEquals(0, sink.heldCommitCount());
    }

    @Test
    void releaseCompletesHeldCommitsInOrder() throws Exception {
        sink.holdCommits();
        MessageWriter first = sink.open(Envelopes.simple());
        MessageWriter second = sink.open(Envelopes.simple());
        await(second.write(text("second\r\n")));
        await(first.write(text("first\r\n")));
        CompletionStage<QueueId> secondCommit = second.commit();
        CompletionStage<QueueId> firstCommit = first.commit();

        sink.releaseCommits();

        await(firstCommit);
        await(secondCommit);
        assertEquals(List.of("second\r\n", "first\r\n"), contents());
    }

    @Test
    void abortWhileHeldFailsTheCommitAndStoresNothing() throws Exception {
        sink.holdCommits();
        MessageWriter writer = sink.open(Envelopes.simple());
        await(writer.write(text("body\r\n")));
        CompletionStage<QueueId> commit = writer.commit();

        writer.abort();
        sink.releaseCommits();

        awaitFailure(commit);
        assertEquals(0, sink.messageCount());
        assertEquals(1, sink.abortedCount());
        assertEquals(0, sink.openWriterCount());
    }

    @Test
    void awaitHeldCommitsSeesACommitMadeOnAnotherThread() throws Exception {
        sink.holdCommits();
        MessageWriter writer = sink.open(Envelopes.simple());
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<CompletionStage<QueueId>> committing =
                    CompletableFuture.supplyAsync(writer::commit, other);

            assertTrue(sink.awaitHeldCommits(1, Duration.ofSeconds(10)));
            sink.releaseCommits();
            assertEquals(writer.id(), await(await(committing)));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void awaitHeldCommitsGivesUpWhenNoneCome() throws Exception {
        sink.holdCommits();

        assertFalse(sink.awaitHeldCommits(1, Duration.ofMillis(20)));
    }

    @Test
    void countsOpenAndAbortedWriters() throws Exception {
        MessageWriter committed = sink.open(Envelopes.simple());
        MessageWriter aborted = sink.open(Envelopes.simple());
        sink.open(Envelopes.simple());
        assertEquals(3, sink.openWriterCount());

        await(committed.commit());
        aborted.abort();
        aborted.abort();

        assertEquals(1, sink.openWriterCount());
        assertEquals(1, sink.abortedCount());
        assertEquals(1, sink.messageCount());
    }

    @Test
    void stagesCompleteThroughTheGivenExecutor() throws Exception {
        AtomicInteger completions = new AtomicInteger();
        InMemoryMessageSink counted = new InMemoryMessageSink(Clock.systemUTC(), task -> {
            completions.incrementAndGet();
            task.run();
        });
        MessageWriter writer = counted.open(Envelopes.simple());

        await(writer.write(text("a\r\n")));
        await(writer.commit());
        awaitFailure(writer.write(text("late\r\n")));

        assertEquals(3, completions.get());
    }

    private List<String> contents() {
        return sink.messages().stream().map(StoredMessage::contentAsUtf8).toList();
    }

    private static ByteBuf text(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
    }

    /** The contract again, with every stage completed on another thread, as a real sink's executor would. */
    @Nested
    class WithCompletionsOnAnotherThread implements MessageSinkContract {

        private final ExecutorService completions = Executors.newSingleThreadExecutor();
        private final InMemoryMessageSink asyncSink = new InMemoryMessageSink(Clock.systemUTC(), completions);

        @AfterEach
        void stop() {
            completions.shutdownNow();
        }

        @Override
        public MessageSink sink() {
            return asyncSink;
        }

        @Override
        public Optional<StoredMessage> stored(QueueId id) {
            return asyncSink.message(id);
        }

        @Override
        public int storedCount() {
            return asyncSink.messageCount();
        }
    }
}
