package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLSession;

/**
 * The start of a session, up to the first MAIL: greeting, EHLO (HELO when EHLO gets a 5xx, RFC 5321 section
 * 4.1.1.1), STARTTLS per the {@link TlsPolicy} (RFC 3207), AUTH (RFC 4954) only over verified TLS. Runs on the
 * event loop; each step completes the next.
 */
final class SessionSetup {

    private final Wire wire;
    private final ClientSettings settings;
    private final Destination destination;
    private final SslContext tlsContext;
    private final Duration commandTimeout;
    private final SmtpClientObserver observer;

    SessionSetup(Wire wire, ClientSettings settings, Destination destination, SslContext tlsContext,
                 SmtpClientObserver observer) {
        this.observer = observer;
        this.wire = wire;
        this.settings = settings;
        this.destination = destination;
        this.tlsContext = tlsContext;
        this.commandTimeout = settings.timeouts().command();
    }

    CompletableFuture<SessionState> run() {
        return wire.reader().greeting()
                .thenCompose(greeting -> {
                    if (greeting.code() != 220) {
                        // RFC 5321 section 3.1: after a 554 greeting the client should QUIT and go elsewhere.
                        return refused(greeting, "greeting refused: " + greeting);
                    }
                    return hello();
                })
                .thenCompose(this::tls)
                .thenCompose(this::authenticate);
    }

    private CompletableFuture<SessionState> hello() {
        return wire.command(SmtpCommands.ehlo(settings.heloName()), commandTimeout).thenCompose(ehlo -> {
            if (ehlo.isPositiveCompletion()) {
                return done(new SessionState(ServerCapabilities.fromEhlo(ehlo), Optional.empty(), false, false));
            }
            if (!ehlo.isPermanentFailure()) {
                return refused(ehlo, "EHLO refused: " + ehlo);
            }
            return wire.command(SmtpCommands.helo(settings.heloName()), commandTimeout).thenCompose(helo ->
                    helo.isPositiveCompletion()
                            ? done(new SessionState(ServerCapabilities.NONE, Optional.empty(), false, false))
                            : refused(helo, "HELO refused: " + helo));
        });
    }

    private CompletableFuture<SessionState> tls(SessionState clear) {
        TlsPolicy policy = destination.tls();
        if (policy == TlsPolicy.NONE || (policy == TlsPolicy.OPPORTUNISTIC && !clear.capabilities().startTls())) {
            return done(clear);
        }
        if (!clear.capabilities().startTls()) {
            return refused(ClientReplies.TLS_UNAVAILABLE, "STARTTLS not offered, policy " + policy);
        }
        return wire.startTls(commandTimeout)
                // Async on the event loop: the rest of what was read with the 220 is looked at first.
                .thenComposeAsync(reply -> {
                    if (reply.code() != 220) {
                        return policy.mandatory()
                                ? refused(ClientReplies.TLS_UNAVAILABLE, "STARTTLS refused: " + reply)
                                : done(clear);
                    }
                    return handshake();
                }, wire.eventLoop());
    }

    private CompletableFuture<SessionState> handshake() {
        if (wire.reader().injected() || wire.undecodedOctets() > 0) {
            SessionFailure injection = new SessionFailure(ClientReplies.TLS_INJECTION,
                    "plaintext after 220 to STARTTLS (RFC 3207 section 4.2)");
            wire.fail(injection);
            return CompletableFuture.failedFuture(injection);
        }
        SslHandler ssl = tlsContext.newHandler(wire.channel().alloc(), destination.hostName(),
                destination.address().getPort());
        ssl.setHandshakeTimeoutMillis(commandTimeout.toMillis());
        wire.channel().pipeline().addFirst("tls", ssl);
        wire.reader().tlsStarted();
        CompletableFuture<SessionState> secured = new CompletableFuture<>();
        ssl.handshakeFuture().addListener(handshake -> {
            if (!handshake.isSuccess()) {
                observer.tlsHandshake(Optional.empty());
                SessionFailure failure = new SessionFailure(ClientReplies.TLS_UNAVAILABLE,
                        "TLS handshake failed: " + handshake.cause());
                wire.fail(failure);
                secured.completeExceptionally(failure);
                return;
            }
            SSLSession session = ssl.engine().getSession();
            observer.tlsHandshake(Optional.of(session.getProtocol()));
            String tls = session.getProtocol() + " " + session.getCipherSuite();
            boolean verified = destination.tls() == TlsPolicy.VERIFY;
            // RFC 3207 section 4.2: forget everything learnt before TLS and ask again.
            hello().thenApply(state -> new SessionState(state.capabilities(), Optional.of(tls), verified, false))
                    .whenComplete((state, error) -> {
                        if (error != null) {
                            secured.completeExceptionally(error);
                        } else {
                            secured.complete(state);
                        }
                    });
        });
        return secured;
    }

    private CompletableFuture<SessionState> authenticate(SessionState state) {
        if (destination.login().isEmpty()) {
            return done(state);
        }
        if (!state.tlsVerified()) {
            // SECURITY.md S-05: never AUTH in clear, nor over TLS we did not verify.
            return refused(ClientReplies.AUTH_NEEDS_VERIFIED_TLS, "login configured, TLS not verified");
        }
        ClientCredentials login = destination.login().get();
        CompletableFuture<Reply> outcome;
        if (state.capabilities().authMechanisms().contains("PLAIN")) {
            outcome = wire.command(SmtpCommands.authPlain(login), commandTimeout);
        } else if (state.capabilities().authMechanisms().contains("LOGIN")) {
            outcome = loginExchange(login);
        } else {
            // Nothing we speak, or no AUTH at all: go on; the server refuses at MAIL or RCPT if it needs a login.
            return done(state);
        }
        return outcome.thenCompose(reply -> reply.code() == 235
                ? done(new SessionState(state.capabilities(), state.tls(), true, true))
                : refused(ClientReplies.AUTH_FAILED, "AUTH refused: " + reply));
    }

    /** AUTH LOGIN: user name and password each after a 334 (draft-murchison-sasl-login). */
    private CompletableFuture<Reply> loginExchange(ClientCredentials login) {
        return wire.command("AUTH LOGIN", commandTimeout).thenCompose(first -> {
            if (first.code() != 334) {
                return CompletableFuture.completedFuture(first);
            }
            return wire.command(SmtpCommands.base64(login.username()), commandTimeout).thenCompose(second ->
                    second.code() != 334 ? CompletableFuture.completedFuture(second)
                            : wire.command(SmtpCommands.base64(login.password().value()), commandTimeout));
        });
    }

    private static CompletableFuture<SessionState> done(SessionState state) {
        return CompletableFuture.completedFuture(state);
    }

    private CompletableFuture<SessionState> refused(Reply reply, String detail) {
        return CompletableFuture.failedFuture(new SessionFailure(reply, detail));
    }
}
