package dev.mta.testkit.sink;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.QueueIdGenerator;
import dev.mta.core.sink.SinkUnavailableException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link MessageSink} in memory, for the tests of what writes into a sink (the SMTP server, the sendmail
 * path, bounce generation). It keeps the port's contract ({@link MessageSinkContract} runs against it) and
 * adds controls a test uses to make the sink misbehave on purpose:
 * <ul>
 *   <li>{@link #setFull(boolean)}: {@link #hasRoomFor} answers false and {@link #open} throws
 *       {@link SinkUnavailableException}, as a queue below its disk reserve (the server answers 452 4.3.1);</li>
 *   <li>{@link #failNextWrite()} and {@link #failNextCommit()}: the next such call, on any writer, fails with
 *       an {@link IOException}, as a disk error would (the server answers 451 4.3.0);</li>
 *   <li>{@link #holdCommits()} and {@link #releaseCommits()}: commits stay pending, and their messages invisible,
 *       until released, so a test can check that no 250 is written before the message is durable;</li>
 * </ul>
 * and accessors for what was committed, in commit order.
 *
 * <p>Stages complete through the executor given to the constructor: the direct one by default, another thread
 * to check that a caller hops back to its event loop before it writes a reply. A writer releases each buffer
 * before the stage of that call completes. Thread-safe.
 */
public final class InMemoryMessageSink implements MessageSink {

    private final QueueIdGenerator ids;
    private final Executor completions;
    private final AtomicBoolean full = new AtomicBoolean();
    private final AtomicBoolean failNextWrite = new AtomicBoolean();
    private final AtomicBoolean failNextCommit = new AtomicBoolean();

    /** Guards the fields below; taken after a writer's own lock, never before it. */
    private final Object lock = new Object();
    private final Map<QueueId, StoredMessage> committed = new LinkedHashMap<>();
    private final Set<Writer> openWriters = new HashSet<>();
    private final List<Writer> held = new ArrayList<>();
    private boolean holding;
    private int aborted;

    /** Ids from the system clock; stages complete on the calling thread. */
    public InMemoryMessageSink() {
        this(Clock.systemUTC(), Runnable::run);
    }

    /**
     * @param clock       for the queue ids
     * @param completions where the stages returned by writers are completed
     */
    public InMemoryMessageSink(Clock clock, Executor completions) {
        this.ids = new QueueIdGenerator(clock);
        this.completions = Objects.requireNonNull(completions, "completions");
    }

    @Override
    public MessageWriter open(Envelope envelope) throws SinkUnavailableException {
        Objects.requireNonNull(envelope, "envelope");
        if (full.get()) {
            throw new SinkUnavailableException("in-memory sink set full by the test");
        }
        Writer writer = new Writer(ids.next(), envelope);
        synchronized (lock) {
            openWriters.add(writer);
        }
        return writer;
    }

    @Override
    public boolean hasRoomFor(long expectedSize) {
        return !full.get();
    }

    // ---- controls -------------------------------------------------------------------------------------------

    /** While full, {@link #hasRoomFor} is false and {@link #open} throws {@link SinkUnavailableException}. */
    public void setFull(boolean full) {
        this.full.set(full);
    }

    /** The next write, on whichever writer, fails with an {@link IOException}, and that writer with it. */
    public void failNextWrite() {
        failNextWrite.set(true);
    }

    /** The next commit, on whichever writer, fails with an {@link IOException}; nothing is stored. */
    public void failNextCommit() {
        failNextCommit.set(true);
    }

    /** From now on commits stay pending, their messages invisible, until {@link #releaseCommits()}. */
    public void holdCommits() {
        synchronized (lock) {
            holding = true;
        }
    }

    /** Stops holding, and completes the held commits in the order they were made. */
    public void releaseCommits() {
        List<Writer> release;
        synchronized (lock) {
            holding = false;
            release = List.copyOf(held);
            held.clear();
        }
        release.forEach(Writer::finishCommit);
    }

    /** How many commits are held now. */
    public int heldCommitCount() {
        synchronized (lock) {
            return held.size();
        }
    }

    /**
     * Waits until at least {@code count} commits are held, or the timeout passes; for a test whose commit is made
     * on another thread (an event loop). Returns whether that many are held.
     */
    public boolean awaitHeldCommits(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (held.size() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    // ---- what happened --------------------------------------------------------------------------------------

    /** The committed messages, in commit order. */
    public List<StoredMessage> messages() {
        synchronized (lock) {
            return List.copyOf(committed.values());
        }
    }

    public Optional<StoredMessage> message(QueueId id) {
        synchronized (lock) {
            return Optional.ofNullable(committed.get(id));
        }
    }

    public int messageCount() {
        synchronized (lock) {
            return committed.size();
        }
    }

    /** Writers opened and not yet committed, aborted or failed: after a session ends this should be 0. */
    public int openWriterCount() {
        synchronized (lock) {
            return openWriters.size();
        }
    }

    /** How many writers were aborted before their commit completed. */
    public int abortedCount() {
        synchronized (lock) {
            return aborted;
        }
    }

    private <T> CompletionStage<T> succeed(T value) {
        CompletableFuture<T> stage = new CompletableFuture<>();
        completions.execute(() -> stage.complete(value));
        return stage;
    }

    private <T> CompletionStage<T> fail(Throwable failure) {
        CompletableFuture<T> stage = new CompletableFuture<>();
        completions.execute(() -> stage.completeExceptionally(failure));
        return stage;
    }

    private enum State { OPEN, COMMITTING, COMMITTED, ABORTED, FAILED }

    private final class Writer implements MessageWriter {

        private final QueueId id;
        private final Envelope envelope;
        private final ByteArrayOutputStream content = new ByteArrayOutputStream();
        private State state = State.OPEN;
        private byte[] header;
        private CompletableFuture<QueueId> pendingCommit;

        Writer(QueueId id, Envelope envelope) {
            this.id = id;
            this.envelope = envelope;
        }

        @Override
        public QueueId id() {
            return id;
        }

        @Override
        public CompletionStage<Void> write(ByteBuf data) {
            Objects.requireNonNull(data, "data");
            Throwable failure = null;
            synchronized (this) {
                try {
                    if (state != State.OPEN) {
                        failure = new IllegalStateException("write on a writer that is " + state);
                    } else if (failNextWrite.getAndSet(false)) {
                        failure = new IOException("write failure injected by the test");
                        end(State.FAILED);
                    } else {
                        content.writeBytes(ByteBufUtil.getBytes(data));
                    }
                } finally {
                    // Released before the stage completes, as the contract requires.
                    data.release();
                }
            }
            return failure == null ? succeed(null) : fail(failure);
        }

        @Override
        public CompletionStage<QueueId> commit(ByteBuf header) {
            Objects.requireNonNull(header, "header");
            CompletableFuture<QueueId> result = new CompletableFuture<>();
            Throwable failure = null;
            synchronized (this) {
                try {
                    if (state != State.OPEN) {
                        failure = new IllegalStateException("commit on a writer that is " + state);
                    } else if (failNextCommit.getAndSet(false)) {
                        failure = new IOException("commit failure injected by the test");
                        end(State.FAILED);
                    } else {
                        this.header = ByteBufUtil.getBytes(header);
                        state = State.COMMITTING;
                        pendingCommit = result;
                    }
                } finally {
                    header.release();
                }
            }
            if (failure != null) {
                return fail(failure);
            }
            synchronized (lock) {
                if (holding) {
                    held.add(this);
                    lock.notifyAll();
                    return result;
                }
            }
            finishCommit();
            return result;
        }

        /** Stores the message, then completes the commit: visible only once durable, as a real sink. */
        void finishCommit() {
            CompletableFuture<QueueId> result;
            synchronized (this) {
                result = pendingCommit;
                if (state != State.COMMITTING) {
                    // Aborted while held: abort() has failed the commit already.
                    return;
                }
                ByteArrayOutputStream whole = new ByteArrayOutputStream(header.length + content.size());
                whole.writeBytes(header);
                whole.writeBytes(content.toByteArray());
                state = State.COMMITTED;
                synchronized (lock) {
                    committed.put(id, new StoredMessage(envelope, whole.toByteArray()));
                    openWriters.remove(this);
                }
            }
            completions.execute(() -> result.complete(id));
        }

        @Override
        public void abort() {
            CompletableFuture<QueueId> abandoned = null;
            synchronized (this) {
                if (state == State.OPEN || state == State.COMMITTING) {
                    if (state == State.COMMITTING) {
                        abandoned = pendingCommit;
                    }
                    end(State.ABORTED);
                    synchronized (lock) {
                        held.remove(this);
                        aborted++;
                    }
                }
            }
            if (abandoned != null) {
                CompletableFuture<QueueId> commit = abandoned;
                completions.execute(() -> commit.completeExceptionally(
                        new IllegalStateException("aborted before the commit completed")));
            }
        }

        /** Caller holds this writer's lock. */
        private void end(State end) {
            state = end;
            content.reset();
            synchronized (lock) {
                openWriters.remove(this);
            }
        }
    }
}
