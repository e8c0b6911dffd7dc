package dev.mta.daemon.metrics;

import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.Origin;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.sink.InMemoryMessageSink;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CountingSinkTest {

    private final InMemoryMessageSink queue = new InMemoryMessageSink();
    private final MtaMetrics metrics = new MtaMetrics();

    @Test
    void countsADurableMessageByOriginAndTheSignaturesStoredWithIt() throws Exception {
        var sink = metrics.countingSink(queue);

        MessageWriter writer = sink.open(Envelopes.builder().channel(Origin.Channel.LOCAL).build());
        writer.write(ascii("Subject: x\r\n\r\nbody\r\n")).toCompletableFuture().join();
        writer.commit(ascii("DKIM-Signature: v=1; a=rsa-sha256;\r\n\tb=abc\r\nDKIM-Signature: v=1; a=ed25519-sha256;"
                + "\r\n\tb=def\r\n")).toCompletableFuture().join();
        MessageWriter unsigned = sink.open(Envelopes.builder().channel(Origin.Channel.SMTP).build());
        unsigned.commit().toCompletableFuture().join();

        Map<String, Double> samples = samples();
        assertEquals(1.0, samples.get("mta_messages_queued_total{origin=\"local\"}"));
        assertEquals(1.0, samples.get("mta_messages_queued_total{origin=\"smtp\"}"));
        assertEquals(0.0, samples.get("mta_messages_queued_total{origin=\"generated\"}"));
        assertEquals(2.0, samples.get("mta_dkim_signatures_total"));
        assertEquals(2, queue.messageCount());
    }

    @Test
    void aCommitThatFailsCountsNothing() throws Exception {
        var sink = metrics.countingSink(queue);
        queue.failNextCommit();

        MessageWriter writer = sink.open(Envelopes.simple());
        assertThrows(CompletionException.class, () -> writer.commit(ascii("DKIM-Signature: v=1\r\n"))
                .toCompletableFuture().join());

        Map<String, Double> samples = samples();
        assertEquals(0.0, samples.get("mta_messages_queued_total{origin=\"smtp\"}"));
        assertEquals(0.0, samples.get("mta_dkim_signatures_total"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''|0",
            "DKIM-Signature: v=1\\r\\n|1",
            "dkim-signature: v=1\\r\\n|1",
            "X-Note: DKIM-Signature: not one\\r\\n|0",
            "X-Note: folded\\r\\n DKIM-Signature: still the note\\r\\n|0",
            "DKIM-Signature: a\\r\\n\\tb=1\\r\\nDKIM-Signature: b\\r\\n|2",
            "Received: x\\r\\nDKIM-Signature: a\\r\\n|1",
    })
    void countsOnlyFieldsNamedDkimSignature(String header, int expected) {
        ByteBuf buf = ascii(header.replace("\\r\\n", "\r\n").replace("\\t", "\t"));
        try {
            assertEquals(expected, CountingSink.signatureFields(buf));
            assertEquals(0, buf.readerIndex(), "the header is not consumed");
        } finally {
            buf.release();
        }
    }

    private Map<String, Double> samples() throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create()
                .write(out, metrics.registry().scrape());
        return Scrape.parse(out.toString(StandardCharsets.UTF_8));
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }
}
