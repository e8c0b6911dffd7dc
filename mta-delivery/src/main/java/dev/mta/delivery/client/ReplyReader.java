package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Hands each reply to the command waiting for it, in order (RFC 2920 section 3: replies come in the order of the
 * commands). A reply nobody waits for, a {@link ProtocolError}, a timeout or the end of the connection fails every
 * waiting command and closes the connection. Runs on the channel's event loop only; the futures complete there.
 *
 * <p>STARTTLS (SECURITY.md S-05): once the 220 to STARTTLS is in, anything else read before the TLS handler takes
 * over is an injection. The session checks {@link #injected()} and the decoder's leftover bytes before it starts
 * the handshake.
 */
final class ReplyReader extends ChannelInboundHandlerAdapter {

    private record Waiting(CompletableFuture<Reply> reply, Duration timeout, ScheduledFuture<?> timer) {
    }

    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private final CompletableFuture<Reply> greeting = new CompletableFuture<>();
    private final Duration greetingTimeout;
    private ChannelHandlerContext ctx;
    private SessionFailure broken;
    private boolean startTlsNext;
    private boolean awaitingHandshake;
    private boolean injected;

    ReplyReader(Duration greetingTimeout) {
        this.greetingTimeout = greetingTimeout;
    }

    /** The server's greeting; waited for from the moment the connection is up. */
    CompletableFuture<Reply> greeting() {
        return greeting;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) {
        waiting.add(new Waiting(greeting, greetingTimeout, schedule(greeting, greetingTimeout)));
        context.fireChannelActive();
    }

    /** A future for the next reply, failed if none comes within {@code timeout}. Call on the event loop. */
    CompletableFuture<Reply> expect(Duration timeout) {
        CompletableFuture<Reply> reply = new CompletableFuture<>();
        if (broken != null) {
            reply.completeExceptionally(broken);
            return reply;
        }
        waiting.add(new Waiting(reply, timeout, schedule(reply, timeout)));
        return reply;
    }

    /** Like {@link #expect}, for the reply to STARTTLS: anything read after it, before TLS, is an injection. */
    CompletableFuture<Reply> expectStartTls(Duration timeout) {
        startTlsNext = true;
        return expect(timeout);
    }

    /** The TLS handler is in place: what is read from now on came through TLS. */
    void tlsStarted() {
        awaitingHandshake = false;
    }

    /** Whether a reply or error came in after the 220 to STARTTLS and before TLS. */
    boolean injected() {
        return injected;
    }

    boolean isBroken() {
        return broken != null;
    }

    private ScheduledFuture<?> schedule(CompletableFuture<Reply> reply, Duration timeout) {
        return ctx.executor().schedule(() -> {
            if (!reply.isDone()) {
                fail(new SessionFailure(ClientReplies.TIMEOUT, "timeout after " + timeout));
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (awaitingHandshake) {
                injected = true;
                fail(new SessionFailure(ClientReplies.TLS_INJECTION, "data after 220 to STARTTLS, before TLS"));
            } else if (msg instanceof ProtocolError error) {
                fail(new SessionFailure(ClientReplies.MALFORMED_REPLY, "malformed reply: " + error.reason()));
            } else if (msg instanceof Reply reply) {
                Waiting next = waiting.poll();
                if (next == null) {
                    fail(new SessionFailure(ClientReplies.MALFORMED_REPLY, "reply without a command: " + reply));
                    return;
                }
                next.timer().cancel(false);
                if (startTlsNext && waiting.isEmpty()) {
                    startTlsNext = false;
                    awaitingHandshake = reply.code() == 220;
                }
                next.reply().complete(reply);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        fail(new SessionFailure(ClientReplies.CONNECTION_LOST, "connection closed by peer"));
        context.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        fail(new SessionFailure(ClientReplies.CONNECTION_LOST, "connection error: " + cause));
    }

    /** Fails every waiting command and everything after, and closes the connection. */
    void fail(SessionFailure failure) {
        if (broken == null) {
            broken = failure;
        }
        Waiting next;
        while ((next = waiting.poll()) != null) {
            next.timer().cancel(false);
            next.reply().completeExceptionally(broken);
        }
        ctx.close();
    }

    /** The failure that broke the connection, if one did. */
    SessionFailure failure() {
        return broken;
    }
}
