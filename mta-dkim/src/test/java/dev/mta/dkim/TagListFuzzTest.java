package dev.mta.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzz targets for the DKIM tag-list parser and the two parsers built on it, the {@code DKIM-Signature} value and
 * the key record, with the invariants of SECURITY.md section 5: only {@link DkimParseException} may escape; a
 * parsed list has valid names, values made of VALCHAR and folding only, no tag dropped or repeated (RFC 6376
 * section 3.2: duplicates make the list invalid) and reads back the same from its own text; a parsed signature
 * has a body hash of exactly 32 octets (CVE-2020-28025), a non-empty {@code b=} and {@code h=} with From. Every
 * input is tried as UTF-8 and as ISO-8859-1 text, so non-ASCII octets arrive both as letters and as garbage.
 *
 * <p>{@code mvn verify} replays the committed inputs under
 * {@code src/test/resources/dev/mta/dkim/TagListFuzzTestInputs} (wrong {@code bh=} lengths, empty {@code b=},
 * duplicate tags, a huge input, non-ASCII); {@code JAZZER_FUZZ=1 mvn -pl mta-dkim test -Dtest=TagListFuzzTest}
 * fuzzes.
 */
class TagListFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void tagList(FuzzedDataProvider data) {
        for (String text : texts(data.consumeRemainingAsBytes())) {
            List<String> names = referenceNames(text);
            TagList tags;
            try {
                tags = TagList.parse(text);
            } catch (DkimParseException e) {
                continue;
            }
            assertEquals(names.size(), tags.tags().size(), "every tag-spec is one tag, none dropped");
            assertEquals(names.size(), new HashSet<>(names).size(), "a duplicate tag must make the list invalid");
            for (Map.Entry<String, String> tag : tags.tags().entrySet()) {
                assertTrue(tag.getKey().matches("[A-Za-z][A-Za-z0-9_]*"), tag.getKey());
                checkValue(tag.getValue());
            }
            try {
                assertEquals(tags.tags(), TagList.parse(tags.toString()).tags(), "its own text reads back the same");
            } catch (DkimParseException e) {
                throw new AssertionError("a parsed tag list wrote text it cannot read: " + tags, e);
            }
        }
    }

    @FuzzTest(maxDuration = "2m")
    void signature(FuzzedDataProvider data) {
        for (String text : texts(data.consumeRemainingAsBytes())) {
            DkimSignature signature;
            try {
                signature = DkimSignature.parse(text);
            } catch (DkimParseException e) {
                continue;
            }
            assertEquals(DkimSignature.SHA256_LENGTH, signature.bodyHash().length, "bh= is one SHA-256 hash");
            assertTrue(signature.signature().length > 0, "b= is not empty");
            assertTrue(signature.signedHeaders().contains("from"), "h= names From");
            assertFalse(signature.domain().isEmpty());
            assertFalse(signature.selector().isEmpty());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void keyRecord(FuzzedDataProvider data) {
        for (String text : texts(data.consumeRemainingAsBytes())) {
            DkimKeyRecord record;
            try {
                record = DkimKeyRecord.parse(text);
            } catch (DkimParseException e) {
                continue;
            }
            if (!record.revoked()) {
                PublicKey key = record.publicKey().orElseThrow();
                String expected = record.keyType() == SigningAlgorithm.KeyType.RSA ? "RSA" : "EdDSA";
                assertEquals(expected, key.getAlgorithm().equals("Ed25519") ? "EdDSA" : key.getAlgorithm());
            }
        }
    }

    private static Set<String> texts(byte[] octets) {
        // The two are the same text for ASCII input: a set keeps one.
        return new LinkedHashSet<>(List.of(new String(octets, StandardCharsets.UTF_8),
                new String(octets, StandardCharsets.ISO_8859_1)));
    }

    /** A model of the grammar's outline: the names of the tag-specs, split at ';' and '=' (RFC 6376 3.2). */
    private static List<String> referenceNames(String text) {
        List<String> names = new java.util.ArrayList<>();
        for (String spec : text.split(";", -1)) {
            int eq = spec.indexOf('=');
            if (eq >= 0) {
                names.add(TagList.strip(spec.substring(0, eq)));
            }
        }
        return names;
    }

    /** tag-value: VALCHAR and WSP, CR only in CRLF WSP folding, nothing to strip at either end, no ';'. */
    private static void checkValue(String value) {
        assertEquals(TagList.strip(value), value, "value not stripped");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r') {
                assertTrue(i + 2 < value.length() && value.charAt(i + 1) == '\n'
                        && (value.charAt(i + 2) == ' ' || value.charAt(i + 2) == '\t'), "CR outside folding");
                i++;
            } else {
                assertTrue(c == ' ' || c == '\t' || (c >= 0x21 && c <= 0x7e && c != ';'),
                        "bad character " + (int) c);
            }
        }
    }
}
