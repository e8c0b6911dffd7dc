package dev.mta.daemon;

import dev.mta.core.sink.MessageSink;
import dev.mta.dkim.DkimSettings;
import dev.mta.dkim.DkimSigner;
import dev.mta.dkim.SigningKeyLoader;
import dev.mta.dkim.SigningKeyring;
import dev.mta.dkim.SigningStage;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Puts DKIM signing in front of the queue (DESIGN.md, "Where DKIM signs"; ADR 0003): the sink the listeners get
 * is the signing stage around the queue, so a message is signed once, as it is stored, and delivery only reads.
 *
 * <p>The keys are read here, at start, on the thread that starts the daemon (never an event loop). A key that
 * cannot be used is logged with its file and the reason and left out ({@link SigningKeyLoader}); DKIM never fails
 * the start. Which of several selectors of a domain signs is {@link SigningKeyLoader}'s rule: the newest file per
 * domain and key type. Only locally originated mail (relay networks, authenticated submission) is signed; the
 * stage lets all other mail through untouched ({@link SigningStage#wrap}).
 *
 * <p>Hashing and signing run on a small pool of their own: at most two threads, since RSA signing is CPU work and
 * more threads than cores would only queue it elsewhere. Its threads are daemon threads that end when idle, so
 * the pool needs no closing of its own: when the listeners have stopped, no new work reaches it and the last
 * tasks (commits in flight) finish before the queue closes.
 */
final class DkimWiring {

    /** Idle signing threads end after this; a busy server keeps them. */
    private static final long IDLE_SECONDS = 30;

    private DkimWiring() {
    }

    /**
     * The sink the SMTP listeners write to: {@code queue} itself when no key is usable, else the signing stage
     * around it.
     */
    static MessageSink signingSink(DkimSettings settings, Clock clock, MessageSink queue) {
        Objects.requireNonNull(queue, "queue");
        SigningKeyring keyring = new SigningKeyLoader(false).load(settings).keyring();
        if (keyring.keys().isEmpty()) {
            return queue;
        }
        return new SigningStage(() -> keyring, DkimSigner.relaxed(clock), signingPool(),
                SigningStage.DEFAULT_MAX_HEADER_BYTES).around(queue);
    }

    private static ThreadPoolExecutor signingPool() {
        int threads = Math.min(2, Runtime.getRuntime().availableProcessors());
        // Unbounded queue, bounded threads: what waits is bounded by the sessions' own back-pressure (a write
        // completes only when its chunk is hashed), so the queue cannot grow beyond the messages in flight.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), new SignerThreads());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Named daemon threads: {@code dkim-signer-1}, ... */
    private static final class SignerThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "dkim-signer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
