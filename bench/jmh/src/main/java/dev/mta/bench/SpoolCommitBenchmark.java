package dev.mta.bench;

import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.SinkUnavailableException;
import dev.mta.queue.QueueSettings;
import dev.mta.queue.QueueStore;
import dev.mta.testkit.Envelopes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A 5 KB message into the real queue: open, write, commit, and wait until the commit is synced (as a session
 * waits before its 250). One writer shows the latency of a sync; 20 writers (the benchmark's 20 sessions) show
 * what group commit makes of it. The spool lives under {@code mta.bench.spool} (default {@code /var/tmp}): put
 * it on the disk the queue will use.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class SpoolCommitBenchmark {

    private Path spool;
    private QueueStore queue;
    private ByteBuf content;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path parent = Path.of(System.getProperty("mta.bench.spool", "/var/tmp"));
        spool = Files.createTempDirectory(parent, "mta-jmh-spool-");
        queue = QueueStore.open(new QueueSettings(spool), Clock.systemUTC());
        queue.recovered().toCompletableFuture().join();
        content = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(BenchMessages.message(5120)));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        queue.close();
        try (Stream<Path> files = Files.walk(spool)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Benchmark
    @Threads(1)
    public QueueId oneWriter() throws SinkUnavailableException {
        return commitOne();
    }

    @Benchmark
    @Threads(20)
    public QueueId twentyWriters() throws SinkUnavailableException {
        return commitOne();
    }

    private QueueId commitOne() throws SinkUnavailableException {
        MessageWriter writer = queue.open(Envelopes.simple());
        writer.write(content.retainedDuplicate());
        return writer.commit().toCompletableFuture().join();
    }
}
