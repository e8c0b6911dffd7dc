package dev.mta.queue;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import io.netty.buffer.ByteBuf;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One message streaming into {@code incoming/<id>}. The file is created and written on the queue's I/O
 * executor; it is never synced, because the content becomes durable only as part of the synced log frame
 * made at commit. Every buffer handed in is released on every path.
 */
final class SpoolWriter implements MessageWriter {

    private final QueueId id;
    private final Envelope envelope;
    private final Path path;
    private final Executor io;
    private final QueueStore store;
    private final CompletableFuture<FileChannel> opened;
    private final AtomicBoolean finished = new AtomicBoolean();
    private CompletableFuture<Void> writes;
    private long length;

    SpoolWriter(QueueId id, Envelope envelope, Path path, Executor io, Storage storage, QueueStore store) {
        this.id = id;
        this.envelope = envelope;
        this.path = path;
        this.io = io;
        this.store = store;
        this.opened = CompletableFuture.supplyAsync(() -> {
            try {
                return storage.open(path, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                        StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, io);
        this.writes = opened.thenApply(ch -> null);
    }

    @Override
    public QueueId id() {
        return id;
    }

    @Override
    public CompletionStage<Void> write(ByteBuf data) {
        if (finished.get()) {
            data.release();
            return CompletableFuture.failedFuture(new IllegalStateException(id + ": writer already committed or aborted"));
        }
        long at = length;
        int size = data.readableBytes();
        length += size;
        CompletableFuture<Void> done = new CompletableFuture<>();
        opened.whenComplete((ch, openFailure) -> {
            try {
                io.execute(() -> {
                    Throwable failure = openFailure;
                    try {
                        if (failure == null) {
                            int index = data.readerIndex();
                            long written = 0;
                            while (written < size) {
                                written += data.getBytes(index + (int) written, ch, at + written, size - (int) written);
                            }
                        }
                    } catch (Throwable t) {
                        failure = t;
                    } finally {
                        // Released before the stage completes: the port promises the caller that a completed
                        // write no longer holds its buffer.
                        data.release();
                    }
                    if (failure == null) {
                        done.complete(null);
                    } else {
                        done.completeExceptionally(failure);
                    }
                });
            } catch (RejectedExecutionException e) {
                data.release();
                done.completeExceptionally(new IOException("the queue is closed", e));
            }
        });
        writes = CompletableFuture.allOf(writes, done);
        return done;
    }

    @Override
    public CompletionStage<QueueId> commit(ByteBuf header) {
        byte[] headerBytes;
        try {
            headerBytes = new byte[header.readableBytes()];
            header.getBytes(header.readerIndex(), headerBytes);
        } finally {
            header.release();
        }
        if (!finished.compareAndSet(false, true)) {
            return CompletableFuture.failedFuture(new IllegalStateException(id + ": writer already committed or aborted"));
        }
        long contentLength = length;
        CompletableFuture<QueueId> result = new CompletableFuture<>();
        writes.thenCompose(v -> opened).whenComplete((ch, failure) -> {
            if (failure != null) {
                cleanup();
                result.completeExceptionally(unwrap(failure));
                return;
            }
            store.commit(id, envelope, headerBytes, ch, contentLength).whenComplete((ok, commitFailure) -> {
                cleanup();
                if (commitFailure != null) {
                    result.completeExceptionally(unwrap(commitFailure));
                } else {
                    result.complete(id);
                }
            });
        });
        return result;
    }

    @Override
    public void abort() {
        if (finished.compareAndSet(false, true)) {
            writes.whenComplete((v, t) -> cleanup());
        }
    }

    /** Closes and deletes the incoming file, on the I/O executor, whatever happened. */
    private void cleanup() {
        Runnable task = () -> {
            opened.thenAccept(ch -> {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // The file is deleted next; a failed close changes nothing for the queue.
                }
            });
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                store.logCleanupFailure(id, e);
            }
        };
        try {
            io.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
        }
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof java.util.concurrent.CompletionException || cur instanceof java.io.UncheckedIOException)
                && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
