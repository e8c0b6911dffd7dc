package dev.mta.dkim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A DKIM tag list (RFC 6376 section 3.2): {@code name=value} pairs separated by semicolons, used by the
 * {@code DKIM-Signature} field and the key record. Parsing is strict: a duplicate tag, a bad tag name, a
 * character outside VALCHAR or an empty segment makes the whole list invalid, as the RFC requires.
 *
 * @param tags the tags in the order written; values have surrounding whitespace removed, inner folding kept
 */
public record TagList(Map<String, String> tags) {

    public TagList {
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** Parses a tag list; folding (CRLF followed by WSP) is allowed wherever whitespace is. */
    public static TagList parse(String text) throws DkimParseException {
        Map<String, String> tags = new LinkedHashMap<>();
        String[] specs = text.split(";", -1);
        for (int i = 0; i < specs.length; i++) {
            String spec = specs[i];
            if (isBlank(spec)) {
                // Only the segment after a final ";" may be empty (tag-list = tag-spec *(";" tag-spec) [";"]).
                if (i == specs.length - 1 && i > 0) {
                    break;
                }
                throw new DkimParseException("empty tag in tag list");
            }
            int eq = spec.indexOf('=');
            if (eq < 0) {
                throw new DkimParseException("tag without '=': " + abbreviate(spec));
            }
            String name = strip(spec.substring(0, eq));
            String value = strip(spec.substring(eq + 1));
            checkName(name);
            checkValue(name, value);
            if (tags.putIfAbsent(name, value) != null) {
                // RFC 6376 3.2: "Tags with duplicate names MUST NOT occur within a single tag-list".
                throw new DkimParseException("duplicate tag: " + name);
            }
        }
        return new TagList(tags);
    }

    /** The value of {@code name}, if present. Tag names are case-sensitive (RFC 6376 3.2). */
    public Optional<String> get(String name) {
        return Optional.ofNullable(tags.get(name));
    }

    /** The value of a required tag. */
    public String require(String name) throws DkimParseException {
        String value = tags.get(name);
        if (value == null) {
            throw new DkimParseException("missing tag: " + name + "=");
        }
        return value;
    }

    /** The list written without folding: {@code a=1; b=2}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> e : tags.entrySet()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(e.getKey()).append('=').append(e.getValue());
        }
        return out.toString();
    }

    /** Removes every whitespace character, folding included: base64 values may be folded anywhere (3.5). */
    static String withoutWhitespace(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void checkName(String name) throws DkimParseException {
        // tag-name = ALPHA *ALNUMPUNC; ALNUMPUNC = ALPHA / DIGIT / "_"
        if (name.isEmpty() || !isAlpha(name.charAt(0))) {
            throw new DkimParseException("bad tag name: '" + abbreviate(name) + "'");
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isAlpha(c) || (c >= '0' && c <= '9') || c == '_')) {
                throw new DkimParseException("bad tag name: '" + abbreviate(name) + "'");
            }
        }
    }

    private static void checkValue(String name, String value) throws DkimParseException {
        // tag-value = [ tval *( 1*(WSP / FWS) tval ) ]; VALCHAR = %x21-3A / %x3C-7E. A CR or LF is only
        // allowed as part of folding, that is CRLF followed by WSP.
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                continue;
            }
            if (c == '\r') {
                if (i + 2 < value.length() && value.charAt(i + 1) == '\n'
                        && (value.charAt(i + 2) == ' ' || value.charAt(i + 2) == '\t')) {
                    i++;
                    continue;
                }
                throw new DkimParseException("bad line break in tag " + name);
            }
            if (c < 0x21 || c > 0x7e) {
                throw new DkimParseException("bad character in tag " + name);
            }
        }
    }

    private static boolean isAlpha(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isBlank(String s) {
        return strip(s).isEmpty();
    }

    /** Strips WSP and folding from both ends. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isFws(s.charAt(start))) {
            start++;
        }
        while (end > start && isFws(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean isFws(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String abbreviate(String s) {
        String t = strip(s);
        return t.length() > 40 ? t.substring(0, 40) + "..." : t;
    }
}
