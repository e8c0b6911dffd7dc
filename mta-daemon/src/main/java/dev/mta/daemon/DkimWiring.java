package dev.mta.daemon;

import dev.mta.core.sink.MessageSink;
import dev.mta.dkim.DkimSettings;
import dev.mta.dkim.DkimSigner;
import dev.mta.dkim.SigningKeyLoader;
import dev.mta.dkim.SigningKeyring;
import dev.mta.dkim.SigningStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Puts DKIM signing in front of the queue (DESIGN.md, "Where DKIM signs"; ADR 0003): the sink the listeners get
 * is the signing stage around the queue, so a message is signed once, as it is stored, and delivery only reads.
 *
 * <p>The keys are read here, at start, on the thread that starts the daemon (never an event loop), and again on
 * reload, on the thread that reloads. A key that
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

    private static final Logger log = LoggerFactory.getLogger(DkimWiring.class);

    /** Idle signing threads end after this; a busy server keeps them. */
    private static final long IDLE_SECONDS = 30;

    private DkimWiring() {
    }

    /**
     * The sink the SMTP listeners write to, and how to re-read the keys.
     *
     * @param sink   {@code queue} itself when no key is configured, else the signing stage around it
     * @param reload reads the configured key files again and swaps the keyring in one step (SIGHUP); a key that
     *               has become unusable is logged and left out, as at start. Blocking file I/O
     */
    record Signing(MessageSink sink, Runnable reload) {
    }

    /**
     * The sink the SMTP listeners write to, and its reload. With keys configured the stage is always there, even
     * when none is usable at start, so that a reload that makes one usable takes effect (until then it lets mail
     * through unsigned); without keys there is nothing to reload.
     */
    static Signing signing(DkimSettings settings, Clock clock, MessageSink queue) {
        Objects.requireNonNull(queue, "queue");
        if (settings.keys().isEmpty()) {
            return new Signing(queue, () -> { });
        }
        AtomicReference<SigningKeyring> keyring =
                new AtomicReference<>(new SigningKeyLoader(false).load(settings).keyring());
        MessageSink sink = new SigningStage(keyring::get, DkimSigner.relaxed(clock), signingPool(),
                SigningStage.DEFAULT_MAX_HEADER_BYTES).around(queue);
        return new Signing(sink, () -> {
            SigningKeyring fresh = new SigningKeyLoader(false).load(settings).keyring();
            keyring.set(fresh);
            log.info("DKIM keys reloaded: {} domain{} with a usable key", fresh.keys().size(),
                    fresh.keys().size() == 1 ? "" : "s");
        });
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
