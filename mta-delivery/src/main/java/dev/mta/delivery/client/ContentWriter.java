package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Streams a stored message to the server, one block at a time: each block is read (and dot-stuffed) on the
 * content executor, then written on the event loop, and the next is read only once that write is done, so at
 * most one block per connection is in memory and a slow server slows the reading (DESIGN.md invariants 2 and 3).
 *
 * <p>If the message cannot be read to its end the connection is closed without the final dot, so a truncated
 * message is never delivered.
 */
final class ContentWriter {

    /** Octets read per block. */
    static final int BLOCK_OCTETS = 64 * 1024;

    private record Block(ByteBuf data, boolean last) {
    }

    private final Wire wire;
    private final Executor executor;
    private final ClientTimeouts timeouts;

    ContentWriter(Wire wire, Executor executor, ClientTimeouts timeouts) {
        this.wire = wire;
        this.executor = executor;
        this.timeouts = timeouts;
    }

    /** After a 354 to DATA: the content with CRLF line ends and dot-stuffing, then the final dot; its reply. */
    CompletableFuture<Reply> data(ContentSource content) {
        DotStuffer stuffer = new DotStuffer();
        return withStream(content, in -> dataBlocks(in, stuffer));
    }

    /** BDAT chunks of the content as it is, byte for byte (RFC 3030, BINARYMIME), then {@code BDAT 0 LAST}. */
    CompletableFuture<Reply> bdat(ContentSource content) {
        return withStream(content, this::bdatChunks);
    }

    private interface Sender {
        CompletableFuture<Reply> send(InputStream in);
    }

    private CompletableFuture<Reply> withStream(ContentSource content, Sender sender) {
        CompletableFuture<InputStream> opened = CompletableFuture.supplyAsync(() -> {
            try {
                return content.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, executor);
        return opened.handleAsync((in, error) -> {
            if (error != null) {
                return CompletableFuture.<Reply>failedFuture(unreadable(error));
            }
            CompletableFuture<Reply> reply = sender.send(in);
            reply.whenCompleteAsync((r, e) -> closeQuietly(in), executor);
            return reply;
        }, wire.eventLoop()).thenCompose(f -> f);
    }

    private CompletableFuture<Reply> dataBlocks(InputStream in, DotStuffer stuffer) {
        return read(in, stuffer).thenComposeAsync(block -> {
            if (!block.last()) {
                return wire.writeData(block.data(), timeouts.dataBlock()).thenCompose(v -> dataBlocks(in, stuffer));
            }
            CompletableFuture<Reply> reply = wire.reader().expect(timeouts.dataTermination());
            return wire.writeData(block.data(), timeouts.dataBlock()).thenCompose(v -> reply);
        }, wire.eventLoop());
    }

    private CompletableFuture<Reply> bdatChunks(InputStream in) {
        return read(in, null).thenComposeAsync(block -> {
            if (block.last()) {
                block.data().release();
                return wire.command(SmtpCommands.bdat(0, true), timeouts.dataTermination());
            }
            ByteBuf header = wire.channel().alloc().buffer(24);
            ByteBufUtil.writeAscii(header, SmtpCommands.bdat(block.data().readableBytes(), false) + "\r\n");
            ByteBuf chunk = wire.channel().alloc().compositeBuffer(2).addComponents(true, header, block.data());
            CompletableFuture<Reply> reply = wire.reader().expect(timeouts.dataBlock());
            return wire.writeData(chunk, timeouts.dataBlock()).thenCompose(v -> reply).thenCompose(r ->
                    r.isPositiveCompletion() ? bdatChunks(in) : CompletableFuture.completedFuture(r));
        }, wire.eventLoop());
    }

    /** The next block, read on the content executor; the last one carries the end of data when stuffing. */
    private CompletableFuture<Block> read(InputStream in, DotStuffer stuffer) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] octets = new byte[BLOCK_OCTETS];
            int length;
            try {
                length = in.readNBytes(octets, 0, octets.length);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (stuffer == null) {
                ByteBuf raw = wire.channel().alloc().buffer(length);
                raw.writeBytes(octets, 0, length);
                return new Block(raw, length == 0);
            }
            ByteBuf out = wire.channel().alloc().buffer(DotStuffer.maxEncodedLength(length) + 8);
            stuffer.encode(octets, 0, length, out);
            if (length < octets.length) {
                stuffer.finish(out);
                return new Block(out, true);
            }
            return new Block(out, false);
        }, executor).exceptionallyCompose(error -> {
            SessionFailure failure = unreadable(error);
            // Mid-data: closing without the final dot is the only way to make the server drop what it has. The
            // failure is reported only once the connection is marked broken, so no caller can see it as usable.
            CompletableFuture<Block> failed = new CompletableFuture<>();
            wire.eventLoop().execute(() -> {
                wire.fail(failure);
                failed.completeExceptionally(failure);
            });
            return failed;
        });
    }

    private static SessionFailure unreadable(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return new SessionFailure(ClientReplies.CONTENT_UNREADABLE, "cannot read message: " + cause);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // Everything was read or the transaction failed already; a failing close changes neither.
        }
    }
}
