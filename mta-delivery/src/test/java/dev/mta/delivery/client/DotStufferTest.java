package dev.mta.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStufferTest {

    private static String stuff(byte[] content, int piece) {
        DotStuffer stuffer = new DotStuffer();
        ByteBuf out = Unpooled.buffer();
        try {
            for (int i = 0; i < content.length; i += piece) {
                stuffer.encode(content, i, Math.min(piece, content.length - i), out);
            }
            stuffer.finish(out);
            return out.toString(StandardCharsets.ISO_8859_1);
        } finally {
            out.release();
        }
    }

    /** {@code \r} and {@code \n} in the table stand for CR and LF. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            'a\\r\\nb\\r\\n'          | 'a\\r\\nb\\r\\n.\\r\\n'
            'a\\r\\nb'                | 'a\\r\\nb\\r\\n.\\r\\n'
            ''                       | '.\\r\\n'
            '.\\r\\n'                 | '..\\r\\n.\\r\\n'
            '.a\\r\\n..b\\r\\nc.\\r\\n' | '..a\\r\\n...b\\r\\nc.\\r\\n.\\r\\n'
            'a\\nb\\n'                | 'a\\r\\nb\\r\\n.\\r\\n'
            'a\\n.\\n'                | 'a\\r\\n..\\r\\n.\\r\\n'
            'a\\rb\\r\\n'             | 'a b\\r\\n.\\r\\n'
            'a\\r\\r\\n'              | 'a \\r\\n.\\r\\n'
            'a\\r'                   | 'a \\r\\n.\\r\\n'
            '\\r\\n.\\r\\n'           | '\\r\\n..\\r\\n.\\r\\n'
            'x\\r\\n.\\r\\nMAIL FROM:<a@b>\\r\\n' | 'x\\r\\n..\\r\\nMAIL FROM:<a@b>\\r\\n.\\r\\n'
            '\\n.\\n'                 | '\\r\\n..\\r\\n.\\r\\n'
            """)
    void stuffsAndNormalizes(String content, String wire) {
        byte[] octets = unescape(content).getBytes(StandardCharsets.ISO_8859_1);
        String expected = unescape(wire);
        for (int piece = 1; piece <= Math.max(1, octets.length); piece++) {
            assertEquals(expected, stuff(octets, piece), "piece " + piece);
        }
    }

    private static String unescape(String text) {
        return text.replace("\\r", "\r").replace("\\n", "\n");
    }
}
