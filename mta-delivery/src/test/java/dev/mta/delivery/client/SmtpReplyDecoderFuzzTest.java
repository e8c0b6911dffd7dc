package dev.mta.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mta.core.smtp.Reply;

import java.util.List;

/**
 * Fuzz target for the reply decoder with the invariants of SECURITY.md section 5: it passes on only {@link Reply}
 * or {@link ProtocolError} values (at most one error, and nothing after it); each reply keeps one code and fits the
 * limits; any fragmentation of the same bytes gives the same result. {@code mvn verify} replays the committed
 * inputs; {@code JAZZER_FUZZ=1 mvn -pl mta-delivery test -Dtest=SmtpReplyDecoderFuzzTest} fuzzes.
 */
class SmtpReplyDecoderFuzzTest {

    private static final SmtpReplyDecoder.Limits LIMITS = new SmtpReplyDecoder.Limits(128, 8, 512);

    @FuzzTest(maxDuration = "2m")
    void replies(FuzzedDataProvider data) {
        int piece = data.consumeInt(1, 64);
        byte[] wire = data.consumeRemainingAsBytes();

        List<Object> whole = SmtpReplyDecoderTest.decode(wire, Math.max(1, wire.length), LIMITS);
        List<Object> pieces = SmtpReplyDecoderTest.decode(wire, piece, LIMITS);
        assertEquals(whole, pieces, "fragmentation changed the result");

        for (int i = 0; i < whole.size(); i++) {
            Object message = whole.get(i);
            if (message instanceof ProtocolError) {
                assertEquals(whole.size() - 1, i, "nothing after a protocol error");
            } else if (message instanceof Reply reply) {
                assertTrue(reply.lines().size() <= LIMITS.maxLines());
                assertTrue(reply.code() >= 200 && reply.code() <= 559);
                for (String line : reply.lines()) {
                    assertTrue(line.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c < 0x7F)), line);
                }
            } else {
                throw new AssertionError("unexpected message " + message);
            }
        }
    }
}
