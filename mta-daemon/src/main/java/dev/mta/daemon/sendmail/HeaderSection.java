package dev.mta.daemon.sendmail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The header section of the message on standard input (RFC 5322 section 2.2), held in memory up to a limit
 * because {@code -t} needs the recipients before the SMTP transaction starts; the body is streamed after it.
 * It ends at the empty line, at the first line that is neither a field nor a continuation (then that line is
 * the body's first and an empty line is put before it, as sendmail does), at the end of input, or at a lone dot
 * when dots end the input.
 */
final class HeaderSection {

    /** One field: its name and its lines as read (the first with the name, then continuations). */
    record Field(String name, List<byte[]> lines) {

        Field {
            lines = List.copyOf(lines);
        }

        /** The value unfolded (section 2.2.3), decoded as UTF-8 (RFC 6532), without the name and colon. */
        String value() {
            StringBuilder b = new StringBuilder();
            for (byte[] line : lines) {
                b.append(new String(line, StandardCharsets.UTF_8));
            }
            return b.substring(b.indexOf(":") + 1);
        }
    }

    private final List<Field> fields;
    private final Optional<byte[]> firstBodyLine;
    private final boolean inputEnded;

    private HeaderSection(List<Field> fields, Optional<byte[]> firstBodyLine, boolean inputEnded) {
        this.fields = fields;
        this.firstBodyLine = firstBodyLine;
        this.inputEnded = inputEnded;
    }

    /**
     * @param maxOctets the most the header section may hold
     * @throws SendmailException {@link SysExit#DATAERR} when it is larger, or a line is too long
     */
    static HeaderSection read(InputLines input, boolean dotEnds, int maxOctets) throws SendmailException {
        List<Field> fields = new ArrayList<>();
        String name = null;
        List<byte[]> lines = new ArrayList<>();
        long octets = 0;
        while (true) {
            byte[] line = input.next();
            boolean lastLine = line == null || (dotEnds && line.length == 1 && line[0] == '.');
            boolean continuation = !lastLine && line.length > 0 && (line[0] == ' ' || line[0] == '\t');
            if (continuation && name != null) {
                lines.add(line);
            } else {
                if (name != null) {
                    fields.add(new Field(name, lines));
                    name = null;
                    lines = new ArrayList<>();
                }
                if (lastLine) {
                    return new HeaderSection(fields, Optional.empty(), true);
                }
                Optional<String> fieldName = fieldName(line);
                if (fieldName.isEmpty()) {
                    // The empty line ends the section; any other line starts the body (a continuation without a
                    // field before it included).
                    return new HeaderSection(fields, line.length == 0 ? Optional.empty() : Optional.of(line), false);
                }
                name = fieldName.get();
                lines.add(line);
            }
            octets += line.length + 2;
            if (octets > maxOctets) {
                throw new SendmailException(SysExit.DATAERR, "the header section is longer than " + maxOctets
                        + " octets");
            }
        }
    }

    /** RFC 5322 section 3.6.8: printable US-ASCII but colon, then a colon (white space before it is obsolete). */
    private static Optional<String> fieldName(byte[] line) {
        int i = 0;
        while (i < line.length && line[i] >= 33 && line[i] <= 126 && line[i] != ':') {
            i++;
        }
        int end = i;
        while (i < line.length && (line[i] == ' ' || line[i] == '\t')) {
            i++;
        }
        if (end == 0 || i >= line.length || line[i] != ':') {
            return Optional.empty();
        }
        return Optional.of(new String(line, 0, end, StandardCharsets.US_ASCII));
    }

    List<Field> fields() {
        return List.copyOf(fields);
    }

    /** The unfolded values of every field of this name (case-insensitive), in order. */
    List<String> values(String name) {
        return fields.stream().filter(f -> f.name().equalsIgnoreCase(name)).map(Field::value).toList();
    }

    boolean has(String name) {
        return fields.stream().anyMatch(f -> f.name().equalsIgnoreCase(name));
    }

    /** Without the fields of this name. */
    HeaderSection without(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return new HeaderSection(fields.stream().filter(f -> !f.name().toLowerCase(Locale.ROOT).equals(lower))
                .toList(), firstBodyLine, inputEnded);
    }

    /** With one more field ahead of the others ({@code line} without its line end). */
    HeaderSection withFirst(String name, String line) {
        List<Field> more = new ArrayList<>();
        more.add(new Field(name, List.of(line.getBytes(StandardCharsets.UTF_8))));
        more.addAll(fields);
        return new HeaderSection(more, firstBodyLine, inputEnded);
    }

    /** The body's first line when the section ended at a line that was not a field. */
    Optional<byte[]> firstBodyLine() {
        return firstBodyLine;
    }

    /** Whether the input ended within the section (end of input or a lone dot): there is no body to read. */
    boolean inputEnded() {
        return inputEnded;
    }
}
