package dev.mta.daemon.control;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One request of the control protocol (see the package documentation): a command and its arguments, written as
 * one line of percent-encoded words.
 *
 * @param command   what to do
 * @param arguments its arguments, as the user typed them
 */
public record ControlRequest(ControlCommand command, List<String> arguments) {

    /** The longest request line, newline included: ids and addresses are short, so 4 KiB is plenty. */
    public static final int MAX_LENGTH = 4096;

    public ControlRequest {
        Objects.requireNonNull(command, "command");
        arguments = List.copyOf(arguments);
        if (!command.takes(arguments.size())) {
            throw new IllegalArgumentException(command.word() + " does not take " + arguments.size() + " arguments");
        }
    }

    /** A request with {@code arguments}. */
    public static ControlRequest of(ControlCommand command, String... arguments) {
        return new ControlRequest(command, List.of(arguments));
    }

    /** The request line, ending in LF. */
    public String line() {
        StringBuilder out = new StringBuilder(command.word());
        for (String a : arguments) {
            out.append(' ');
            for (byte b : a.getBytes(StandardCharsets.UTF_8)) {
                int u = b & 0xff;
                if (u > 0x20 && u < 0x7f && u != '%') {
                    out.append((char) u);
                } else {
                    out.append('%').append(Character.toUpperCase(Character.forDigit(u >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(u & 15, 16)));
                }
            }
        }
        return out.append('\n').toString();
    }

    /**
     * Parses a request line without its LF.
     *
     * @throws IllegalArgumentException with a reason fit for the error line when it is not a valid request
     */
    public static ControlRequest parse(String line) {
        if (line.isEmpty()) {
            throw new IllegalArgumentException("empty request");
        }
        String[] words = line.split(" ", -1);
        ControlCommand command = ControlCommand.of(words[0])
                .orElseThrow(() -> new IllegalArgumentException("unknown command " + quoted(words[0])));
        List<String> arguments = new ArrayList<>();
        for (int i = 1; i < words.length; i++) {
            arguments.add(decode(words[i]));
        }
        if (!command.takes(arguments.size())) {
            throw new IllegalArgumentException(command.word() + ": wrong number of arguments (" + arguments.size()
                    + ")");
        }
        return new ControlRequest(command, arguments);
    }

    private static String decode(String word) {
        if (word.isEmpty()) {
            throw new IllegalArgumentException("empty argument");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(word.length());
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == '%') {
                int hi = i + 2 < word.length() ? Character.digit(word.charAt(i + 1), 16) : -1;
                int lo = i + 2 < word.length() ? Character.digit(word.charAt(i + 2), 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new IllegalArgumentException("bad percent escape in an argument");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (c > 0x20 && c < 0x7f) {
                bytes.write(c);
            } else {
                throw new IllegalArgumentException("unescaped control or non-ASCII character in an argument");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("an argument is not UTF-8");
        }
    }

    private static String quoted(String word) {
        String shown = word.length() > 40 ? word.substring(0, 40) + "..." : word;
        // Escaped once, where the error line is written (ControlAnswer.error).
        return "'" + shown + "'";
    }
}
