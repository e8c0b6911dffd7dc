package dev.mta.smtpd.dialog;

import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.TimeoutSettings;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A dialog fixture from {@code src/test/resources/dialogs} (format in the README there): client writes and the
 * replies expected, in order.
 *
 * @param name  the file name, which names the CVE or SECURITY.md entry
 * @param steps the steps in order
 * @param settings server settings the dialog needs, from {@code # set name=value} lines
 *                 ({@code messages-per-connection}, {@code greeting-delay} as ISO-8601)
 */
record Dialog(String name, List<Step> steps, Map<String, String> settings) {

    sealed interface Step permits Send, Expect {
    }

    /** One client write, escapes resolved. */
    record Send(byte[] octets) implements Step {
    }

    /** One expected reply; {@code *} matches the rest. Matched against the reply's first line. */
    record Expect(String pattern) implements Step {
        boolean matches(String firstLine) {
            StringBuilder regex = new StringBuilder();
            for (String part : pattern.split("\\*", -1)) {
                if (regex.length() > 0 || pattern.startsWith("*")) {
                    regex.append(".*");
                }
                regex.append(Pattern.quote(part));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL).matcher(firstLine).matches();
        }
    }

    static List<Dialog> all() throws IOException, URISyntaxException {
        Path dir = Path.of(Dialog.class.getResource("/dialogs").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Dialog> dialogs = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".dialog")).sorted().toList()) {
                dialogs.add(parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8)));
            }
            return dialogs;
        }
    }

    static Dialog parse(String name, List<String> lines) {
        List<Step> steps = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("# set ")) {
                String[] pair = line.substring(6).strip().split("=", 2);
                settings.put(pair[0].strip(), pair[1].strip());
            } else if (line.startsWith("C: ")) {
                steps.add(new Send(unescape(line.substring(3)).getBytes(StandardCharsets.UTF_8)));
            } else if (line.startsWith("S: ")) {
                steps.add(new Expect(line.substring(3)));
            }
        }
        return new Dialog(name, List.copyOf(steps), Map.copyOf(settings));
    }

    private static String unescape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                switch (next) {
                    case 'r' -> out.append('\r');
                    case 'n' -> out.append('\n');
                    case '0' -> out.append('\0');
                    default -> out.append('\\').append(next);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** The limits the dialog asks for. */
    LimitSettings limits() {
        LimitSettings limits = LimitSettings.DEFAULTS;
        String perConnection = settings.get("messages-per-connection");
        return perConnection == null ? limits : limits.withMessagesPerConnection(Integer.parseInt(perConnection));
    }

    /** The timeouts the dialog asks for. */
    TimeoutSettings timeouts() {
        TimeoutSettings timeouts = TimeoutSettings.DEFAULTS;
        String delay = settings.get("greeting-delay");
        return delay == null ? timeouts : timeouts.withGreetingDelay(Duration.parse(delay));
    }

    /** Whether this dialog ends with the server closing after a STARTTLS injection. */
    boolean endsInClose() {
        return name.startsWith("CVE-2011-0411");
    }

    @Override
    public String toString() {
        return name;
    }
}
