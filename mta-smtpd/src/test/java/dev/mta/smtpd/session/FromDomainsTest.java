package dev.mta.smtpd.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The From field's domains for the sender policy, and how the header scan collects the field. */
class FromDomainsTest {

    private static String domains(String value) {
        return FromDomains.of(value)
                .map(set -> set.stream().map(d -> d.ascii()).collect(Collectors.joining(" ")))
                .orElse("INVALID");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            " alice@ours.test                                    | ours.test",
            " Alice <alice@ours.test>                            | ours.test",
            " \"Boss@bank.test\" <alice@ours.test>                | ours.test",
            " alice@ours.test (Boss@bank.test)                   | ours.test",
            " \"a \\\" @x.test\" <alice@ours.test>                 | ours.test",
            " a@ours.test, B <b@OTHER.test>                      | ours.test other.test",
            " Team: a@ours.test, b@other.test;                   | ours.test other.test",
            " <@relay.test:alice@ours.test>                      | relay.test ours.test",
            " alice@[192.0.2.1]                                  | INVALID",
            " alice@                                             | INVALID",
            " alice@-bad-.test                                   | INVALID",
            " undisclosed-recipients:;                           | ''",
            " ''                                                 | ''",
            " bücher@bücher.test                                 | xn--bcher-kva.test",
    })
    void domainsOfAFromValue(String value, String expected) {
        assertEquals(expected, domains(value));
    }

    private static Optional<String> scanned(String message, int chunk) {
        HeaderPresence headers = new HeaderPresence();
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += chunk) {
            ByteBuf buf = Unpooled.wrappedBuffer(bytes, i, Math.min(chunk, bytes.length - i));
            headers.scan(buf);
            buf.release();
        }
        return headers.fromValues();
    }

    @ParameterizedTest(name = "chunks of {0}")
    @CsvSource({"1", "3", "1000"})
    void theScanUnfoldsFromFieldsAndIgnoresTheBody(int chunk) {
        String message = "Subject: x\r\nfrom: Alice\r\n <alice@ours.test>\r\nResent-From: r@x.test\r\n"
                + "FROM: b@other.test\r\n\r\nFrom: body@bank.test\r\n";
        assertEquals(Optional.of(" Alice <alice@ours.test>, b@other.test"), scanned(message, chunk));
        assertEquals("ours.test other.test", domains(scanned(message, chunk).orElseThrow()));
    }

    @Test
    void anOverlongFromIsNotKeptButMarked() {
        String message = "From: a@ours.test," + " x".repeat(HeaderPresence.MAX_FROM_OCTETS) + "\r\n\r\n";
        assertEquals(Optional.empty(), scanned(message, 512));
        assertEquals(Optional.of(""), scanned("Subject: none\r\n\r\nbody\r\n", 512));
    }
}
