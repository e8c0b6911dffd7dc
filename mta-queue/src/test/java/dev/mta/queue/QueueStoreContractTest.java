package dev.mta.queue;

import dev.mta.core.sink.MessageSink;
import dev.mta.core.sink.QueueId;
import dev.mta.testkit.sink.MessageSinkContract;
import dev.mta.testkit.sink.StoredMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/** The queue keeps every promise of the {@link MessageSink} port that the in-memory sink keeps. */
class QueueStoreContractTest implements MessageSinkContract {

    @TempDir
    Path dir;

    private QueueStore store;

    @BeforeEach
    void open() throws Exception {
        store = Spools.openRecovered(dir);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Override
    public MessageSink sink() {
        return store;
    }

    @Override
    public Optional<StoredMessage> stored(QueueId id) {
        try {
            var record = store.record(id);
            if (record.isEmpty()) {
                return Optional.empty();
            }
            try (InputStream content = store.openContent(id).orElseThrow()) {
                return Optional.of(new StoredMessage(record.get().envelope(), content.readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int storedCount() {
        return store.size();
    }
}
