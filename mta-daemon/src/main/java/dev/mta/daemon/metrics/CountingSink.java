package dev.mta.daemon.metrics;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.SinkUnavailableException;
import io.netty.buffer.ByteBuf;
import io.prometheus.metrics.core.metrics.Counter;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The queue's door with a counter on it: a message counts once its commit has completed (it is durable and got
 * its 250), by how it arrived; the {@code DKIM-Signature} fields stored ahead of it (the signing stage sits in
 * front of this one) count as signatures. Passes everything else through untouched.
 */
final class CountingSink implements MessageSink {

    private static final String SIGNATURE_FIELD = "dkim-signature:";

    private final MessageSink queue;
    private final Counter queued;
    private final Counter signatures;

    CountingSink(MessageSink queue, Counter queued, Counter signatures) {
        this.queue = Objects.requireNonNull(queue, "queue");
        this.queued = Objects.requireNonNull(queued, "queued");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    @Override
    public MessageWriter open(Envelope envelope) throws SinkUnavailableException {
        return new CountingWriter(queue.open(envelope), originLabel(envelope));
    }

    @Override
    public boolean hasRoomFor(long expectedSize) {
        return queue.hasRoomFor(expectedSize);
    }

    /** smtp, local or generated. */
    static String originLabel(Envelope envelope) {
        return envelope.origin().channel().name().toLowerCase(Locale.ROOT);
    }

    /** Header fields that are DKIM signatures: those whose name, at the start of a line, is DKIM-Signature. */
    static int signatureFields(ByteBuf header) {
        String text = header.toString(header.readerIndex(), header.readableBytes(), StandardCharsets.ISO_8859_1)
                .toLowerCase(Locale.ROOT);
        int count = 0;
        for (int at = 0; at >= 0 && at < text.length(); ) {
            if (text.startsWith(SIGNATURE_FIELD, at)) {
                count++;
            }
            int end = text.indexOf("\r\n", at);
            at = end < 0 ? -1 : end + 2;
        }
        return count;
    }

    private final class CountingWriter implements MessageWriter {

        private final MessageWriter writer;
        private final String origin;

        CountingWriter(MessageWriter writer, String origin) {
            this.writer = writer;
            this.origin = origin;
        }

        @Override
        public QueueId id() {
            return writer.id();
        }

        @Override
        public CompletionStage<Void> write(ByteBuf data) {
            return writer.write(data);
        }

        @Override
        public CompletionStage<QueueId> commit(ByteBuf header) {
            // Read before handing over: the writer owns the buffer from then on.
            int signed = signatureFields(header);
            return writer.commit(header).whenComplete((id, failure) -> {
                if (failure == null) {
                    queued.labelValues(origin).inc();
                    if (signed > 0) {
                        signatures.inc(signed);
                    }
                }
            });
        }

        @Override
        public void abort() {
            writer.abort();
        }
    }
}
