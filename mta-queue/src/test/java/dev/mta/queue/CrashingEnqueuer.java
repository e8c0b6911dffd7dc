package dev.mta.queue;

import dev.mta.core.sink.QueueId;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child process of {@link KillNineTest}: enqueues messages from four threads forever and prints
 * {@code ACK <id> <n> END} for each one whose commit completed, until it is killed.
 */
public final class CrashingEnqueuer {

    private CrashingEnqueuer() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int base = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        QueueStore store = Spools.open(dir);
        AtomicInteger next = new AtomicInteger(base);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.submit(() -> {
                while (true) {
                    int n = next.getAndIncrement();
                    QueueId id = Spools.store(store, TestEnvelopes.simple(), "X-N: " + n + "\r\n", Spools.content(n));
                    synchronized (out) {
                        out.println("ACK " + id + " " + n + " END");
                    }
                }
            });
        }
        out.println("STARTED");
    }
}
