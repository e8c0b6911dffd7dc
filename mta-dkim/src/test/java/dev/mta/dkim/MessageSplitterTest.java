package dev.mta.dkim;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static dev.mta.dkim.TestSupport.crlf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MessageSplitterTest {

    private static final byte[] MESSAGE = crlf("""
            From: Joe <joe@example.com>
            Subject: a folded
             \tsubject line
            To: x@example.org

            body line 1

            body line 3
            """);

    @Test
    void splitsFieldsAndBodyWhateverTheChunking() {
        Recorder whole = split(MESSAGE, MESSAGE.length);
        assertEquals(List.of("From", "Subject", "To"), whole.fields.stream().map(HeaderField::name).toList());
        assertEquals("Subject: a folded\r\n \tsubject line\r\n",
                new String(whole.fields.get(1).raw(), StandardCharsets.UTF_8));
        assertEquals("body line 1\r\n\r\nbody line 3\r\n", whole.bodyText());
        for (int chunk = 1; chunk < 20; chunk++) {
            Recorder r = split(MESSAGE, chunk);
            assertEquals(whole.fields, r.fields, "chunk " + chunk);
            assertEquals(whole.bodyText(), r.bodyText(), "chunk " + chunk);
        }
    }

    @Test
    void aMessageWithoutEmptyLineIsAllHeader() {
        Recorder r = split(crlf("From: a@b.example\nSubject: x\n"), 3);
        assertEquals(2, r.fields.size());
        assertEquals("", r.bodyText());
    }

    @Test
    void aMessageStartingWithAnEmptyLineHasNoHeader() {
        Recorder r = split(crlf("\nFrom: not a header\n"), 2);
        assertTrue(r.fields.isEmpty());
        assertEquals("From: not a header\r\n", r.bodyText());
    }

    @Test
    void eightBitHeaderBytesAreKept() {
        byte[] message = "Subject: Grüße\r\n\r\nx".getBytes(StandardCharsets.UTF_8);
        Recorder r = split(message, 1);
        assertArrayEquals("Subject: Grüße\r\n".getBytes(StandardCharsets.UTF_8), r.fields.get(0).raw());
    }

    @Test
    void aHeaderOverTheLimitIsReportedOnceAndTheRestIgnored() {
        String big = "X-Big: " + "a".repeat(200) + "\r\n";
        Recorder r = new Recorder();
        MessageSplitter splitter = new MessageSplitter(100, r);
        splitter.update(Unpooled.wrappedBuffer(crlf(big + big + "\nbody\n")));
        splitter.update(Unpooled.wrappedBuffer(crlf("more body\n")));
        splitter.finish();
        assertEquals(1, r.tooLarge);
        assertTrue(r.fields.isEmpty());
        assertEquals("", r.bodyText());
    }

    @Test
    void theReaderIndexIsLeftAlone() {
        ByteBuf data = Unpooled.wrappedBuffer(MESSAGE);
        new MessageSplitter(1000, new Recorder()).update(data);
        assertEquals(0, data.readerIndex());
        assertEquals(MESSAGE.length, data.readableBytes());
    }

    private static Recorder split(byte[] message, int chunk) {
        Recorder r = new Recorder();
        MessageSplitter splitter = new MessageSplitter(1 << 20, r);
        for (int i = 0; i < message.length; i += chunk) {
            splitter.update(Unpooled.wrappedBuffer(message, i, Math.min(chunk, message.length - i)));
        }
        splitter.finish();
        return r;
    }

    private static final class Recorder implements MessageSplitter.Listener {
        final List<HeaderField> fields = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int headerCalls;
        int tooLarge;

        @Override
        public void headers(List<HeaderField> found) {
            headerCalls++;
            assertEquals(1, headerCalls, "headers reported once");
            fields.addAll(found);
        }

        @Override
        public void body(ByteBuf chunk) {
            byte[] b = new byte[chunk.readableBytes()];
            chunk.getBytes(chunk.readerIndex(), b);
            body.writeBytes(b);
        }

        @Override
        public void headersTooLarge(int limit) {
            tooLarge++;
        }

        String bodyText() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }
}
