package dev.mta.queue;

import dev.mta.core.sink.QueueId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SECURITY.md R-01, scaled down: a child JVM enqueues in a loop and prints every acknowledged id; it is
 * killed with SIGKILL at a random moment, several times; every acknowledged message must then be present and
 * intact. (The soak profile, {@code mvn verify -Psoak}, runs 50 cycles.)
 */
class KillNineTest {

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedMessageIsLostToKillNine() throws Exception {
        int cycles = Integer.getInteger("mta.soak.kills", 3);
        Random random = new Random();
        Map<QueueId, Integer> acknowledged = new HashMap<>();
        for (int cycle = 0; cycle < cycles; cycle++) {
            int killAfter = 20 + random.nextInt(150);
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashingEnqueuer.class.getName(), dir.toString(),
                    Integer.toString(cycle * 1_000_000))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            CountDownLatch enough = new CountDownLatch(killAfter);
            Map<QueueId, Integer> seen = new HashMap<>();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (BufferedReader in = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        String[] f = line.split(" ");
                        // A line cut by the kill has no END: the id may be incomplete, so it does not count.
                        if (f.length == 4 && f[0].equals("ACK") && f[3].equals("END")) {
                            synchronized (seen) {
                                seen.put(new QueueId(f[1]), Integer.parseInt(f[2]));
                            }
                            enough.countDown();
                        }
                    }
                } catch (java.io.IOException closedByTheKill) {
                    // destroyForcibly() closes the pipe: lines not read by then are simply not counted.
                }
            });
            assertTrue(enough.await(120, TimeUnit.SECONDS), "the child acknowledged messages");
            child.destroyForcibly();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            reader.get(60, TimeUnit.SECONDS);
            synchronized (seen) {
                acknowledged.putAll(seen);
            }
        }
        try (QueueStore store = Spools.openRecovered(dir)) {
            for (Map.Entry<QueueId, Integer> e : acknowledged.entrySet()) {
                int n = e.getValue();
                assertEquals("X-N: " + n + "\r\n" + Spools.content(n), Spools.read(store, e.getKey()),
                        e.getKey() + " is present and intact");
            }
            assertTrue(store.size() >= acknowledged.size());
        }
    }
}
