package dev.mta.bench;

import dev.mta.smtpd.wire.DataDecoder;
import dev.mta.smtpd.wire.DataEnd;
import dev.mta.smtpd.wire.DataPolicy;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The DATA decoder over one message as it arrives from the socket (in reads of 16 KiB, ending in
 * {@code CRLF.CRLF}): every octet goes through the end-of-data state machine and the line checks, the content
 * comes out in chunks for the spool. An {@link EmbeddedChannel} stands in for the connection.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DataDecodeBenchmark {

    private static final int READ = 16 * 1024;

    @Param({"5120", "102400"})
    public int size;

    private ByteBuf wire;

    @Setup
    public void setUp() {
        byte[] body = BenchMessages.message(size);
        byte[] end = ".\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[body.length + end.length];
        System.arraycopy(body, 0, all, 0, body.length);
        System.arraycopy(end, 0, all, body.length, end.length);
        wire = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(all));
    }

    @Benchmark
    public void decode(Blackhole sink) {
        EmbeddedChannel channel = new EmbeddedChannel(new DataDecoder(DataPolicy.DEFAULT));
        for (int at = 0; at < wire.capacity(); at += READ) {
            channel.writeInbound(wire.retainedSlice(at, Math.min(READ, wire.capacity() - at)));
        }
        boolean ended = false;
        for (Object out; (out = channel.readInbound()) != null; ) {
            ended |= out instanceof DataEnd;
            sink.consume(out);
            ReferenceCountUtil.release(out);
        }
        channel.finishAndReleaseAll();
        if (!ended) {
            throw new IllegalStateException("the decoder did not see the end of data");
        }
    }
}
