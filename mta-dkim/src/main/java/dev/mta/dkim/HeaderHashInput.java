package dev.mta.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data a DKIM signature covers (RFC 6376 section 3.7): the header fields named in {@code h=}, each
 * canonicalized, followed by the {@code DKIM-Signature} field itself with an empty {@code b=} value and without
 * its final CRLF. Shared by signer and verifier so they cannot drift apart.
 */
final class HeaderHashInput {

    private HeaderHashInput() {
    }

    /**
     * Picks the fields that {@code names} refer to. RFC 6376 5.4.2: when a name occurs more than once, the
     * instances are used from the bottom up; a name listed more often than it occurs selects nothing the extra
     * times (that is how oversigning keeps fields from being added later).
     */
    static List<HeaderField> select(List<HeaderField> headers, List<String> names) {
        Map<String, Integer> used = new HashMap<>();
        List<HeaderField> selected = new ArrayList<>(names.size());
        for (String name : names) {
            String key = name.toLowerCase(Locale.ROOT);
            int skip = used.merge(key, 1, Integer::sum) - 1;
            for (int i = headers.size() - 1; i >= 0; i--) {
                if (headers.get(i).hasName(key) && skip-- == 0) {
                    selected.add(headers.get(i));
                    break;
                }
            }
        }
        return selected;
    }

    static byte[] build(List<HeaderField> headers, List<String> names, Canonicalization canon,
                        HeaderField signatureWithEmptyB) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (HeaderField field : select(headers, names)) {
            out.writeBytes(canon.header(field));
        }
        byte[] self = canon.header(signatureWithEmptyB);
        int length = self.length;
        if (length >= 2 && self[length - 2] == '\r' && self[length - 1] == '\n') {
            length -= 2;
        }
        out.write(self, 0, length);
        return out.toByteArray();
    }

    /**
     * The field with the value of its {@code b=} tag deleted, surrounding whitespace included (RFC 6376 3.7),
     * everything else byte for byte. Tag values cannot contain ';', so the tag boundaries are the semicolons.
     */
    static HeaderField withEmptyB(HeaderField field) {
        String raw = new String(field.rawUnsafe(), StandardCharsets.ISO_8859_1);
        int colon = raw.indexOf(':');
        int end = raw.endsWith("\r\n") ? raw.length() - 2 : raw.length();
        StringBuilder out = new StringBuilder(raw.length());
        out.append(raw, 0, colon + 1);
        int start = colon + 1;
        while (start <= end) {
            int semi = raw.indexOf(';', start);
            int segmentEnd = semi < 0 || semi > end ? end : semi;
            String segment = raw.substring(start, segmentEnd);
            int eq = segment.indexOf('=');
            if (eq >= 0 && TagList.strip(segment.substring(0, eq)).equals("b")) {
                out.append(segment, 0, eq + 1);
            } else {
                out.append(segment);
            }
            if (segmentEnd == end) {
                break;
            }
            out.append(';');
            start = segmentEnd + 1;
        }
        out.append(raw, end, raw.length());
        return new HeaderField(out.toString().getBytes(StandardCharsets.ISO_8859_1));
    }
}
