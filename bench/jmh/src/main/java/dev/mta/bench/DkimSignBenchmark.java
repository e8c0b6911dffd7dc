package dev.mta.bench;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.dkim.DkimKeyGenerator;
import dev.mta.dkim.DkimSigner;
import dev.mta.dkim.SigningKey;
import dev.mta.dkim.SigningKeyring;
import dev.mta.dkim.SigningStage;
import dev.mta.testkit.Envelopes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * DKIM signing of one message as the daemon does it: the {@link SigningStage} around a writer, the body hashed
 * while 64 KiB chunks stream through, the header canonicalized and signed once at commit (relaxed/relaxed,
 * RSA-SHA256 with a 2048-bit key or Ed25519-SHA256). The inner writer discards, so only signing is measured.
 * The signing executor is the calling thread: the figure is the CPU one message costs, not a pool's latency.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(java.util.concurrent.TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DkimSignBenchmark {

    private static final int CHUNK = 64 * 1024;

    @Param({"RSA_2048", "ED25519"})
    public String key;

    @Param({"1024", "102400", "10485760"})
    public int size;

    private SigningStage stage;
    private Envelope envelope;
    private ByteBuf message;

    @Setup
    public void setUp() {
        KeyPair pair = new DkimKeyGenerator(new SecureRandom()).generate(DkimKeyGenerator.Kind.valueOf(key));
        SigningKeyring keyring = SigningKeyring.of(
                List.of(new SigningKey(BenchMessages.FROM_DOMAIN, "bench", pair.getPrivate())), false);
        stage = new SigningStage(() -> keyring, DkimSigner.relaxed(Clock.systemUTC()), Runnable::run,
                SigningStage.DEFAULT_MAX_HEADER_BYTES);
        envelope = Envelopes.builder().sender("bench@" + BenchMessages.FROM_DOMAIN)
                .recipients("rcpt@sink.bench.test").locallyOriginated(true).build();
        message = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(BenchMessages.message(size)));
    }

    @Benchmark
    public void sign(Blackhole sink) {
        DiscardingWriter inner = new DiscardingWriter(sink);
        MessageWriter writer = stage.wrap(envelope, inner);
        for (int at = 0; at < message.capacity(); at += CHUNK) {
            writer.write(message.retainedSlice(at, Math.min(CHUNK, message.capacity() - at)));
        }
        sink.consume(writer.commit().toCompletableFuture().join());
        if (inner.header == 0) {
            throw new IllegalStateException("the stage stored no DKIM-Signature");
        }
    }

    /** Takes the data and the signature header and drops them, as a queue that costs nothing would. */
    private static final class DiscardingWriter implements MessageWriter {
        private static final QueueId ID = new QueueId("1M89HE1J5CB4BX");
        private final Blackhole sink;
        int header;

        DiscardingWriter(Blackhole sink) {
            this.sink = sink;
        }

        @Override
        public QueueId id() {
            return ID;
        }

        @Override
        public CompletionStage<Void> write(ByteBuf data) {
            sink.consume(data.readableBytes());
            data.release();
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletionStage<QueueId> commit(ByteBuf header) {
            this.header = header.readableBytes();
            header.release();
            return CompletableFuture.completedFuture(ID);
        }

        @Override
        public void abort() {
        }
    }
}
