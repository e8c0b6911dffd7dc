package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One connection's channel with its reply reader: writes command lines and pairs them with the replies to come.
 * Every method runs on the channel's event loop.
 */
final class Wire {

    private final Channel channel;
    private final ReplyReader reader;
    private final SmtpReplyDecoder decoder;

    Wire(Channel channel, ReplyReader reader, SmtpReplyDecoder decoder) {
        this.channel = channel;
        this.reader = reader;
        this.decoder = decoder;
    }

    Channel channel() {
        return channel;
    }

    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    ReplyReader reader() {
        return reader;
    }

    /** Octets read but not yet made into a reply: after the 220 to STARTTLS, an injection (S-05). */
    int undecodedOctets() {
        return decoder.undecodedOctets();
    }

    /** Writes one command and flushes; the reply completes the future. */
    CompletableFuture<Reply> command(String line, Duration timeout) {
        queue(line);
        channel.flush();
        return reader.expect(timeout);
    }

    /** Writes STARTTLS; from its 220 until TLS is in place, anything read is an injection (S-05). */
    CompletableFuture<Reply> startTls(Duration timeout) {
        queue("STARTTLS");
        CompletableFuture<Reply> reply = reader.expectStartTls(timeout);
        channel.flush();
        return reply;
    }

    /** Writes one command without flushing, for a pipelined group (RFC 2920); returns its reply. */
    CompletableFuture<Reply> queueCommand(String line, Duration timeout) {
        queue(line);
        return reader.expect(timeout);
    }

    void flush() {
        channel.flush();
    }

    private void queue(String line) {
        // Checked again here, whatever built the line: no CR or LF reaches the wire inside a command.
        String checked = SmtpCommands.checked(line);
        ByteBuf out = channel.alloc().buffer(ByteBufUtil.utf8MaxBytes(checked) + 2);
        ByteBufUtil.writeUtf8(out, checked);
        out.writeByte('\r').writeByte('\n');
        channel.write(out, channel.voidPromise());
    }

    /**
     * Writes and flushes {@code data}; completes when it is written, or fails the connection if that takes longer
     * than {@code timeout} (the data block timeout of RFC 5321 section 4.5.3.2).
     */
    CompletableFuture<Void> writeData(ByteBuf data, Duration timeout) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            if (!done.isDone()) {
                fail(new SessionFailure(ClientReplies.TIMEOUT, "timeout writing data after " + timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.writeAndFlush(data).addListener(written -> {
            timer.cancel(false);
            if (written.isSuccess()) {
                done.complete(null);
            } else {
                SessionFailure failure = reader.failure() != null ? reader.failure()
                        : new SessionFailure(ClientReplies.CONNECTION_LOST, "write failed: " + written.cause());
                done.completeExceptionally(failure);
            }
        });
        return done;
    }

    /** Ends the connection: every waiting command fails with {@code failure}. */
    void fail(SessionFailure failure) {
        reader.fail(failure);
    }

    /** Whether commands can still be sent. */
    boolean usable() {
        return channel.isActive() && !reader.isBroken();
    }

    /** Closes at once, without QUIT. */
    void close() {
        channel.close();
    }
}
