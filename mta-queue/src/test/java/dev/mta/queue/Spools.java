package dev.mta.queue;

import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.MessageWriter;
import dev.mta.core.sink.QueueId;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Helpers for store tests: settings for a temp spool, writing a message in chunks, reading one back. */
final class Spools {

    static final long WAIT_SECONDS = 30;

    private Spools() {
    }

    static QueueSettings settings(Path dir) {
        return new QueueSettings(dir).withStorage(0, 64 * 1024, Duration.ofSeconds(1));
    }

    static QueueStore open(Path dir) throws IOException {
        return QueueStore.open(settings(dir), Clock.systemUTC());
    }

    static QueueStore openRecovered(Path dir) throws Exception {
        QueueStore store = open(dir);
        store.recovered().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        return store;
    }

    static String content(int n) {
        StringBuilder sb = new StringBuilder("Subject: message ").append(n).append("\r\n\r\n");
        for (int i = 0; sb.length() < 5000 + n % 997; i++) {
            sb.append("line ").append(i).append(" of message ").append(n).append("\r\n");
        }
        return sb.toString();
    }

    /** Writes {@code content} in chunks of up to 1000 bytes and commits with {@code header}; waits. */
    static QueueId store(MessageSink sink, Envelope envelope, String header, String content) throws Exception {
        MessageWriter w = sink.open(envelope);
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += 1000) {
            w.write(Unpooled.copiedBuffer(bytes, i, Math.min(1000, bytes.length - i)));
        }
        return w.commit(Unpooled.copiedBuffer(header, StandardCharsets.UTF_8)).toCompletableFuture()
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    static String read(QueueReader reader, QueueId id) throws IOException {
        try (InputStream in = reader.openContent(id).orElseThrow(() -> new AssertionError(id + " not found"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
