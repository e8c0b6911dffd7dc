package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;

/**
 * Ends a session or a transaction early inside the client; it never leaves the package: the public API turns it
 * into a {@link ConnectResult.Failed} or into per-recipient results.
 */
final class SessionFailure extends Exception {

    private final transient Reply reply;

    SessionFailure(Reply reply, String detail) {
        super(detail, null, false, false);
        this.reply = reply;
    }

    Reply reply() {
        return reply;
    }

    String detail() {
        return getMessage();
    }

    /** The failure inside {@code error}, which may be wrapped by a {@code CompletableFuture}; anything else is a bug. */
    static SessionFailure of(Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof SessionFailure failure) {
            return failure;
        }
        // Unknown exceptions are temporary (STYLE.md, delivery): never fail a message on our own bug.
        return new SessionFailure(ClientReplies.LOCAL_ERROR, "unexpected error: " + cause);
    }
}
