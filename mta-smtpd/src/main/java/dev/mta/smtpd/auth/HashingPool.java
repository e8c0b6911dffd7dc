package dev.mta.smtpd.auth;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool the {@link Authenticator} runs password checks on (DESIGN.md invariant 2: never on an event
 * loop). One or two threads: an Argon2id check at the default cost takes about 19 MiB and tens of milliseconds,
 * so a small server gives it at most two cores and keeps the rest for mail. The queue is bounded too: when it is
 * full a new attempt is refused at once ({@link java.util.concurrent.RejectedExecutionException}, which the
 * authenticator answers with {@code 454 4.7.0}) instead of piling up work and memory under a flood of AUTH.
 */
public final class HashingPool implements Executor, AutoCloseable {

    /** Attempts waiting beyond the running ones; about a second of work at the default cost. */
    public static final int DEFAULT_QUEUE = 32;

    private final ThreadPoolExecutor executor;

    /**
     * @param threads how many checks run at once, 1 or 2
     * @param queue   how many wait, at least 1
     */
    public HashingPool(int threads, int queue) {
        if (threads < 1 || threads > 2) {
            throw new IllegalArgumentException("threads must be 1 or 2: " + threads);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("queue must be at least 1: " + queue);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, "auth-hash-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                factory, new ThreadPoolExecutor.AbortPolicy());
    }

    /** Sized for this machine: half the cores, one at least and two at most, with the default queue. */
    public static HashingPool forThisMachine() {
        int threads = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors() / 2));
        return new HashingPool(threads, DEFAULT_QUEUE);
    }

    /** @throws java.util.concurrent.RejectedExecutionException when the queue is full or the pool is closed */
    @Override
    public void execute(Runnable command) {
        executor.execute(command);
    }

    /** Stops taking work; checks already queued still run and complete their sessions' futures. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
