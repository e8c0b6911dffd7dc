package dev.mta.delivery.client;

import io.netty.util.concurrent.ScheduledFuture;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * An SMTP session with one server, ready for transactions; made by {@link SmtpClient#connect}.
 *
 * <p>Several messages share it (RFC 5321 section 3.3; Postfix's connection cache): each {@link #send} after the
 * first starts with RSET, sends run one after the other, and when no message comes for the idle timeout the
 * connection sends QUIT and closes itself. Safe to call from any thread; the work runs on the channel's event
 * loop, the content is read on the content executor.
 */
public final class SmtpConnection {

    private final Wire wire;
    private final SessionState session;
    private final ClientTimeouts timeouts;
    private final Duration idleTimeout;
    private final ContentWriter writer;
    private CompletableFuture<?> lastOperation = CompletableFuture.completedFuture(null);
    private ScheduledFuture<?> idleTimer;
    private int transactions;

    SmtpConnection(Wire wire, SessionState session, ClientSettings settings, Executor contentExecutor) {
        this.wire = wire;
        this.session = session;
        this.timeouts = settings.timeouts();
        this.idleTimeout = settings.idleTimeout();
        this.writer = new ContentWriter(wire, contentExecutor, settings.timeouts());
    }

    /** What the session established: the capabilities (post-TLS when TLS is up), TLS and AUTH. */
    public SessionState session() {
        return session;
    }

    public ServerCapabilities capabilities() {
        return session.capabilities();
    }

    /** Whether another message can be sent on this connection. */
    public boolean isOpen() {
        return wire.usable();
    }

    /**
     * Sends one message to the recipients given, in one transaction. Never completes exceptionally: a refusal
     * found before sending (SIZE 5.3.4, SMTPUTF8 5.6.7, BINARYMIME 5.6.3), a server reply, a timeout, a lost
     * connection or a malformed reply all end up as per-recipient results.
     */
    public CompletionStage<TransactionResult> send(OutboundEnvelope envelope, ContentSource content) {
        CompletableFuture<TransactionResult> result = new CompletableFuture<>();
        try {
            wire.eventLoop().execute(() -> {
                CompletableFuture<TransactionResult> run = lastOperation.handle((x, e) -> null)
                        .thenCompose(x -> transaction(envelope, content));
                lastOperation = run;
                run.whenComplete((r, e) -> result.complete(r != null ? r
                        : failedResult(envelope, SessionFailure.of(e))));
            });
        } catch (RejectedExecutionException e) {
            result.complete(failedResult(envelope, new SessionFailure(ClientReplies.CONNECTION_LOST,
                    "event loop shut down")));
        }
        return result;
    }

    private CompletableFuture<TransactionResult> transaction(OutboundEnvelope envelope, ContentSource content) {
        cancelIdleTimer();
        TransactionRun run = new TransactionRun(wire, session.capabilities(), timeouts, writer, envelope, content);
        if (run.precheck().isPresent()) {
            // Nothing goes on the wire, so the connection stays as it was.
            armIdleTimer();
            return run.run();
        }
        if (!wire.usable()) {
            SessionFailure failure = wire.reader().failure() != null ? wire.reader().failure()
                    : new SessionFailure(ClientReplies.CONNECTION_LOST, "connection closed");
            return CompletableFuture.completedFuture(failedResult(envelope, failure));
        }
        CompletableFuture<TransactionResult> result;
        if (transactions++ == 0) {
            result = run.run();
        } else {
            // A connection that is reused starts each transaction from a clean state (RFC 5321 section 4.1.1.5).
            result = wire.command("RSET", timeouts.command()).thenCompose(reset -> reset.isPositiveCompletion()
                    ? run.run()
                    : CompletableFuture.failedFuture(new SessionFailure(reset, "RSET refused: " + reset)));
        }
        return result.whenComplete((r, e) -> armIdleTimer());
    }

    private static TransactionResult failedResult(OutboundEnvelope envelope, SessionFailure failure) {
        return new TransactionResult(envelope.recipients().stream()
                .map(r -> new RecipientResult(r, Outcome.of(failure.reply()), failure.reply())).toList(),
                java.util.Optional.empty(), java.util.Optional.of(failure.detail()), false);
    }

    private void armIdleTimer() {
        cancelIdleTimer();
        if (wire.usable()) {
            idleTimer = wire.eventLoop().schedule(this::quitNow, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    private void cancelIdleTimer() {
        if (idleTimer != null) {
            idleTimer.cancel(false);
            idleTimer = null;
        }
    }

    /** Ends the session politely: QUIT, wait for its reply (or the command timeout), close. Never fails. */
    public CompletionStage<Void> quit() {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        wire.channel().closeFuture().addListener(f -> closed.complete(null));
        try {
            wire.eventLoop().execute(() -> lastOperation.whenComplete((r, e) -> quitNow()));
        } catch (RejectedExecutionException e) {
            closed.complete(null);
        }
        return closed;
    }

    private void quitNow() {
        cancelIdleTimer();
        if (!wire.usable()) {
            wire.close();
            return;
        }
        wire.command("QUIT", timeouts.command()).whenComplete((reply, error) -> wire.close());
    }

    /** Closes at once without QUIT, e.g. at shutdown. */
    public void close() {
        wire.close();
    }
}
