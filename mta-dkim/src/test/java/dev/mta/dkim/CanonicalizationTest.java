package dev.mta.dkim;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.mta.dkim.TestSupport.crlf;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CanonicalizationTest {

    /** RFC 6376 section 3.4.5, the example message, with its SP, HTAB and CRLF spelled out. */
    private static final byte[] RFC_EXAMPLE = bytes(
            "A: X\r\n"
            + "B : Y\t\r\n"
            + "\tZ  \r\n"
            + "\r\n"
            + " C \r\n"
            + "D \t E\r\n"
            + "\r\n"
            + "\r\n");

    @Test
    void rfc6376Example1Relaxed() {
        assertEquals("a:X\r\nb:Y Z\r\n", canonicalHeaders(Canonicalization.RELAXED, RFC_EXAMPLE));
        assertEquals(" C\r\nD E\r\n", canonicalBody(Canonicalization.RELAXED, TestSupport.bodyOf(RFC_EXAMPLE)));
    }

    @Test
    void rfc6376Example2Simple() {
        assertEquals("A: X\r\nB : Y\t\r\n\tZ  \r\n", canonicalHeaders(Canonicalization.SIMPLE, RFC_EXAMPLE));
        assertEquals(" C \r\nD \t E\r\n", canonicalBody(Canonicalization.SIMPLE, TestSupport.bodyOf(RFC_EXAMPLE)));
    }

    /** Bodies written with \r and \n escapes: input, simple result, relaxed result. */
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "''                        | \\r\\n                    | ''",
        "\\r\\n                    | \\r\\n                    | ''",
        "\\r\\n\\r\\n\\r\\n        | \\r\\n                    | ''",
        "abc                       | abc\\r\\n                 | abc\\r\\n",
        "abc\\r\\n                 | abc\\r\\n                 | abc\\r\\n",
        "'abc \\t \\r\\n'          | 'abc \\t \\r\\n'          | abc\\r\\n",
        "'a  b\\t\\tc\\r\\n'       | 'a  b\\t\\tc\\r\\n'       | 'a b c\\r\\n'",
        "'abc\\r\\n\\r\\n \\r\\n'  | 'abc\\r\\n\\r\\n \\r\\n'  | abc\\r\\n",
        "abc\\r\\n\\r\\ndef\\r\\n\\r\\n | abc\\r\\n\\r\\ndef\\r\\n | abc\\r\\n\\r\\ndef\\r\\n",
        "' lead\\r\\n'             | ' lead\\r\\n'             | ' lead\\r\\n'",
        "x\\ry\\r\\n               | x\\ry\\r\\n               | x\\ry\\r\\n",
        "x\\r                      | x\\r\\r\\n                | x\\r\\r\\n",
        "x\\ny                     | x\\ny\\r\\n                | x\\ny\\r\\n",
        "'abc  '                   | 'abc  \\r\\n'             | abc\\r\\n",
        "'  \\r\\n'                | '  \\r\\n'                | ''",
        "'\\t\\r\\n\\r\\nx'        | '\\t\\r\\n\\r\\nx\\r\\n'   | '\\r\\n\\r\\nx\\r\\n'",
    })
    void bodyCanonicalization(String input, String simple, String relaxed) {
        byte[] body = bytes(unescape(input));
        assertEquals(unescape(simple), canonicalBody(Canonicalization.SIMPLE, body), "simple");
        assertEquals(unescape(relaxed), canonicalBody(Canonicalization.RELAXED, body), "relaxed");
    }

    /** Whatever the chunking, the canonical body is the same: every split point of a tricky body. */
    @Test
    void bodyIsIndependentOfChunking() {
        byte[] body = bytes("a \t b\r\n\r\n \r\nx\r\ry \t\r\n\r\n\r\n");
        for (Canonicalization canon : Canonicalization.values()) {
            String whole = canonicalBody(canon, body);
            for (int i = 0; i <= body.length; i++) {
                for (int j = i; j <= body.length; j++) {
                    TestSupport.RecordingDigest digest = new TestSupport.RecordingDigest();
                    BodyCanonicalizer c = canon.body(digest);
                    c.update(Unpooled.wrappedBuffer(body, 0, i));
                    c.update(Unpooled.wrappedBuffer(body, i, j - i));
                    c.update(Unpooled.wrappedBuffer(body, j, body.length - j));
                    assertEquals(whole, text(c.finish()), canon + " split at " + i + "," + j);
                }
            }
        }
    }

    @Test
    void relaxedBodyIsIdempotent() {
        byte[] body = bytes("  a \t b  \r\n\tc\r\n\r\n  \r\n");
        String once = canonicalBody(Canonicalization.RELAXED, body);
        assertEquals(once, canonicalBody(Canonicalization.RELAXED, bytes(once)));
    }

    @Test
    void lengthLimitHashesOnlyThatManyCanonicalBytes() {
        TestSupport.RecordingDigest digest = new TestSupport.RecordingDigest();
        BodyCanonicalizer c = BodyCanonicalizer.limited(Canonicalization.SIMPLE, digest, 5);
        byte[] body = bytes("hello world\r\n");
        c.update(body, 0, body.length);
        assertEquals("hello", text(c.finish()));
        assertEquals(13, c.canonicalLength());
    }

    @Test
    void manyTrailingEmptyLinesAreCountedNotBuffered() {
        // A million empty lines at the end: held back as a count, then dropped.
        TestSupport.RecordingDigest digest = new TestSupport.RecordingDigest();
        BodyCanonicalizer c = Canonicalization.SIMPLE.body(digest);
        byte[] crlf = bytes("\r\n".repeat(1000));
        c.update(bytes("x"), 0, 1);
        for (int i = 0; i < 1000; i++) {
            c.update(crlf, 0, crlf.length);
        }
        assertEquals("x\r\n", text(c.finish()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        "'SUBJect :  Hello \\t World  \\r\\n' | 'subject:Hello World\\r\\n'",
        "'Subject: a\\r\\n\\tb\\r\\n'          | 'subject:a b\\r\\n'",
        "'Subject:\\r\\n b\\r\\n'              | 'subject:b\\r\\n'",
        "'X-Empty:\\r\\n'                      | 'x-empty:\\r\\n'",
        "'From:   Joe <j@x.example>\\r\\n'     | 'from:Joe <j@x.example>\\r\\n'",
    })
    void relaxedHeader(String field, String expected) {
        assertEquals(unescape(expected),
                text(Canonicalization.RELAXED.header(new HeaderField(bytes(unescape(field))))));
        assertEquals(unescape(field), text(Canonicalization.SIMPLE.header(new HeaderField(bytes(unescape(field))))));
    }

    @Test
    void eightBitHeaderValuesAreKeptAsBytes() {
        byte[] field = "Subject:  Grüße  aus Köln\r\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals("subject:Grüße aus Köln\r\n".getBytes(StandardCharsets.UTF_8),
                Canonicalization.RELAXED.header(new HeaderField(field)));
        assertArrayEquals(field, Canonicalization.SIMPLE.header(new HeaderField(field)));
    }

    private static String canonicalHeaders(Canonicalization canon, byte[] message) {
        List<HeaderField> fields = TestSupport.headersOf(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach(f -> out.writeBytes(canon.header(f)));
        return text(out.toByteArray());
    }

    private static String canonicalBody(Canonicalization canon, byte[] body) {
        BodyCanonicalizer c = canon.body(new TestSupport.RecordingDigest());
        c.update(body, 0, body.length);
        return text(c.finish());
    }

    static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
