package dev.mta.core.sink;

import io.netty.buffer.ByteBuf;

import java.util.concurrent.CompletionStage;

/**
 * One message on its way into the sink. The content is written as it arrives, in order; nothing holds the
 * whole message in memory.
 *
 * <p>Writers are not thread-safe: one caller (one SMTP session) writes in order. The calls themselves never
 * block.
 */
public interface MessageWriter {

    /** The id under which the message will be queued, known from the start so logs can name it. */
    QueueId id();

    /**
     * Appends content. The writer takes ownership of {@code data} and releases it. The returned stage
     * completes when the data has been handed to storage (not necessarily synced) and fails if it could not
     * be; callers honour back-pressure by waiting for it before reading more from the client, or by keeping
     * a bounded number of writes in flight.
     */
    CompletionStage<Void> write(ByteBuf data);

    /**
     * Makes the message durable. The stage completes with the queue id only once the content and the
     * envelope are on stable storage (data synced, and where a file was created or renamed, its directory
     * synced). On failure nothing is left behind and the stage completes exceptionally.
     */
    default CompletionStage<QueueId> commit() {
        return commit(io.netty.buffer.Unpooled.EMPTY_BUFFER);
    }

    /**
     * Like {@link #commit()}, storing {@code header} ahead of the content: complete header fields, each ending
     * in CRLF, such as a {@code DKIM-Signature} computed over the content just written. The writer takes
     * ownership of {@code header}.
     */
    CompletionStage<QueueId> commit(ByteBuf header);

    /**
     * Discards the message. Idempotent, never blocks, never throws; storage is cleaned up in the background.
     * Has no effect after a commit has completed.
     */
    void abort();
}
