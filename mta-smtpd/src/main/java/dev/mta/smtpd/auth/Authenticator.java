package dev.mta.smtpd.auth;

import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Checks a user name and password from a SASL exchange. The hash check runs on the executor given to the
 * constructor, a small bounded pool, never on the caller's thread, which is an event loop (DESIGN.md invariant
 * 2); the returned stage completes on that pool, so the session hands the result back to its event loop.
 *
 * <p>What an attacker can learn is limited three ways: an unknown user is checked against a dummy hash of the
 * default cost, so it takes the work of a wrong password and gets the same {@code 535 5.7.8}; the
 * {@link AuthThrottle} refuses a client that failed too often, before any check; and every refusal carries the
 * throttle's delay. One difference remains and is accepted: a user whose hash has a cost other than the
 * default (an older bcrypt entry, say) takes a different time than an unknown user.
 *
 * <p>Logs: one line per failure with the user name (quoted, so it cannot forge a log line) and the client
 * address; one per success. Never the password or the AUTH data.
 */
public final class Authenticator {

    private static final Logger LOG = LoggerFactory.getLogger(Authenticator.class);

    private final Supplier<UserDirectory> users;
    private final PasswordVerifier verifier;
    private final AuthThrottle throttle;
    private final Executor executor;

    /**
     * @param users    the current users, read once per attempt ({@link ReloadableUserDirectory} in the daemon)
     * @param verifier checks hashes ({@link PasswordHasher})
     * @param throttle limits failures per client
     * @param executor runs the hash checks; bounded (one or two threads on a small server, with a bounded
     *                 queue), so a flood of AUTH attempts queues or is refused instead of taking every core
     */
    public Authenticator(Supplier<UserDirectory> users, PasswordVerifier verifier, AuthThrottle throttle,
                         Executor executor) {
        this.users = Objects.requireNonNull(users, "users");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * Checks the credentials. Cheap on the calling thread (a throttle lookup and a map lookup); the password
     * check runs on the executor.
     *
     * @param user     the authentication identity from the SASL exchange, as the client sent it
     * @param password the password from the SASL exchange
     * @param client   the client's address, for the throttle and the log
     * @return success with the user, or the reply to send after a delay; never completes exceptionally
     */
    public CompletionStage<AuthResult> authenticate(String user, String password, InetAddress client) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(client, "client");
        if (!throttle.tryAcquire(client)) {
            LOG.warn("authentication refused, too many failures: user={}, client={}", LogSafe.quote(user),
                    client.getHostAddress());
            return CompletableFuture.completedFuture(refused(throttle.refusal()));
        }
        Optional<User> found = users.get().find(user);
        StoredPassword stored = found.map(User::password).orElseGet(verifier::dummy);
        CompletableFuture<AuthResult> result = new CompletableFuture<>();
        try {
            executor.execute(() -> result.complete(check(user, password, client, found, stored)));
        } catch (RejectedExecutionException e) {
            throttle.succeeded(client); // nothing was checked: release the attempt without counting a failure
            LOG.warn("authentication not checked, the authentication pool is full: user={}, client={}",
                    LogSafe.quote(user), client.getHostAddress());
            result.complete(refused(AuthReplies.TEMPORARY_FAILURE));
        }
        return result;
    }

    /**
     * The result for a SASL exchange that failed before any password check ({@link SaslStep.Failed}). Refused
     * credentials ({@code 535}, e.g. a foreign PLAIN authorization identity) count as a failed guess for the
     * throttle and get its delay, like a wrong password; a cancel or an undecodable response ({@code 501},
     * {@code 500}) is a protocol matter, answered at once and not counted.
     */
    public AuthResult.Refused refused(SaslStep.Failed failure, InetAddress client) {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(client, "client");
        if (failure.reply().code() != Replies.AUTH_FAILED.code()) {
            return new AuthResult.Refused(failure.reply(), Duration.ZERO);
        }
        throttle.recordFailure(client);
        LOG.info("authentication failed, credentials refused by the mechanism: client={}{}",
                client.getHostAddress(), throttle.isLockedOut(client) ? ", client locked out" : "");
        return new AuthResult.Refused(failure.reply(), throttle.failureDelay());
    }

    private AuthResult check(String user, String password, InetAddress client, Optional<User> found,
                             StoredPassword stored) {
        boolean matches;
        try {
            // Always run the check, for unknown users against the dummy, so both cost the same.
            matches = verifier.verify(password, stored);
        } catch (RuntimeException | OutOfMemoryError e) {
            // A hash whose memory cost the heap cannot hold must not leave the session waiting forever.
            throttle.succeeded(client);
            LOG.error("authentication check failed: user={}, client={}: {}", LogSafe.quote(user),
                    client.getHostAddress(), e.getClass().getName());
            return refused(AuthReplies.TEMPORARY_FAILURE);
        }
        if (matches && found.isPresent()) {
            throttle.succeeded(client);
            LOG.info("authenticated: user={}, client={}", found.get().login(), client.getHostAddress());
            return new AuthResult.Succeeded(found.get());
        }
        throttle.failed(client);
        LOG.info("authentication failed: user={}, client={}{}", LogSafe.quote(user), client.getHostAddress(),
                throttle.isLockedOut(client) ? ", client locked out" : "");
        return refused(Replies.AUTH_FAILED);
    }

    private AuthResult refused(Reply reply) {
        return new AuthResult.Refused(reply, throttle.failureDelay());
    }
}
