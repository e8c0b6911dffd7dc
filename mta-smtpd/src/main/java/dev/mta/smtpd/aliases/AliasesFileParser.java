package dev.mta.smtpd.aliases;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.Utf8Mode;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the aliases file, in the {@code /etc/aliases} format (aliases(5) of sendmail and Postfix):
 *
 * <pre>
 * # comment
 * postmaster: root
 * root: alice@example.com,
 *       bob@example.org
 * abuse: postmaster
 * </pre>
 *
 * <p>An entry is a name, a colon and a comma-separated list of targets; a line that starts with white space
 * continues the entry above; blank lines and lines whose first non-blank character is {@code #} are ignored. A
 * name is a local part without {@code @}. A target is a full address ({@code name@domain}) or the name of
 * another alias. Programs ({@code |cmd}), files ({@code /path}) and {@code :include:} are refused: mta hands mail
 * to addresses only, and a file an attacker could get written to must never run commands.
 *
 * <p>Nested names are resolved here, once, so that a lookup at RCPT costs nothing: at most {@link #MAX_DEPTH}
 * levels deep (sendmail's {@code MaxAliasRecursion}) and at most {@link #MAX_EXPANSION} addresses per alias
 * (Postfix's {@code virtual_alias_expansion_limit}); a loop is an error naming the names on it. Every problem is
 * collected with its line, so one run of {@code mta check-config} or one reload names them all.
 */
public final class AliasesFileParser {

    /** Nesting depth of alias names (sendmail's MaxAliasRecursion is 10). */
    public static final int MAX_DEPTH = 10;
    /** Addresses one alias may expand to (Postfix's virtual_alias_expansion_limit is 1000). */
    public static final int MAX_EXPANSION = 1000;
    /** A larger file is refused rather than read into memory. */
    public static final int MAX_FILE_OCTETS = 4 * 1024 * 1024;

    /** A target as written: an address, or the name of another alias. */
    private sealed interface Target {
        record Address(Mailbox mailbox) implements Target {
        }

        record Name(String key) implements Target {
        }
    }

    private record Entry(String name, int line, List<Target> targets) {
    }

    private final Path file;
    private final List<AliasesFileException.Problem> problems = new ArrayList<>();

    private AliasesFileParser(Path file) {
        this.file = file;
    }

    /**
     * Parses the content of an aliases file.
     *
     * @param file    the file's name, for the messages
     * @param content the file's octets, UTF-8
     * @throws AliasesFileException naming every bad line
     */
    public static AliasTable parse(Path file, byte[] content) throws AliasesFileException {
        return new AliasesFileParser(file).run(content);
    }

    private AliasTable run(byte[] content) throws AliasesFileException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new AliasesFileException(file, List.of(new AliasesFileException.Problem(0, "not UTF-8 text")));
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Entry entry : logicalLines(text)) {
            String key = AliasTable.key(entry.name());
            Entry earlier = entries.putIfAbsent(key, entry);
            if (earlier != null) {
                problem(entry.line(), "alias " + entry.name() + " is defined twice (first on line " + earlier.line()
                        + ")");
            }
        }
        for (Entry entry : entries.values()) {
            for (Target target : entry.targets()) {
                if (target instanceof Target.Name name && !entries.containsKey(name.key())) {
                    problem(entry.line(), name.key() + " is not an alias: a target is an address (name@domain)"
                            + " or the name of another alias");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AliasesFileException(file, List.copyOf(new LinkedHashSet<>(problems)));
        }
        Map<String, List<Mailbox>> expanded = new HashMap<>();
        for (Map.Entry<String, Entry> entry : entries.entrySet()) {
            Set<Mailbox> out = new LinkedHashSet<>();
            Deque<String> path = new ArrayDeque<>();
            if (expand(entry.getValue(), entries, path, out)) {
                expanded.put(entry.getKey(), List.copyOf(out));
            }
        }
        if (!problems.isEmpty()) {
            throw new AliasesFileException(file, List.copyOf(new LinkedHashSet<>(problems)));
        }
        return new AliasTable(expanded);
    }

    /** Joins continuation lines and parses each entry; bad entries are recorded and left out. */
    private List<Entry> logicalLines(String text) {
        List<Entry> entries = new ArrayList<>();
        StringBuilder current = null;
        int currentLine = 0;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String stripped = line.strip();
            if (stripped.isEmpty() || stripped.startsWith("#")) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (current == null) {
                    problem(i + 1, "a continuation line (it starts with white space) with no entry above it");
                } else {
                    current.append(' ').append(stripped);
                }
                continue;
            }
            if (current != null) {
                entry(currentLine, current.toString()).ifPresent(entries::add);
            }
            current = new StringBuilder(stripped);
            currentLine = i + 1;
        }
        if (current != null) {
            entry(currentLine, current.toString()).ifPresent(entries::add);
        }
        return entries;
    }

    private Optional<Entry> entry(int line, String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            problem(line, "no colon: an entry is name: address, address, ...");
            return Optional.empty();
        }
        String name = text.substring(0, colon).strip();
        if (!isName(name)) {
            problem(line, "\"" + printable(name) + "\" is not an alias name (a local part without @)");
            return Optional.empty();
        }
        List<Target> targets = new ArrayList<>();
        boolean ok = true;
        for (String item : text.substring(colon + 1).split(",", -1)) {
            String target = item.strip();
            if (target.isEmpty()) {
                problem(line, "alias " + name + " has an empty target");
                ok = false;
                continue;
            }
            Optional<Target> parsed = target(line, name, target);
            if (parsed.isEmpty()) {
                ok = false;
            } else {
                targets.add(parsed.get());
            }
        }
        return ok ? Optional.of(new Entry(name, line, targets)) : Optional.empty();
    }

    private Optional<Target> target(int line, String name, String target) {
        if (target.startsWith("|") || target.startsWith("/") || target.toLowerCase(Locale.ROOT)
                .startsWith(":include:")) {
            problem(line, "alias " + name + ": programs, files and :include: are not supported, only addresses");
            return Optional.empty();
        }
        String bare = target.startsWith("<") && target.endsWith(">") && target.length() > 2
                ? target.substring(1, target.length() - 1) : target;
        if (bare.indexOf('@') < 0) {
            if (!isName(bare)) {
                problem(line, "alias " + name + ": \"" + printable(bare) + "\" is neither an address nor an alias"
                        + " name");
                return Optional.empty();
            }
            return Optional.of(new Target.Name(AliasTable.key(bare)));
        }
        Parsed<Mailbox> parsed = AddressParser.mailbox(bare, Utf8Mode.UTF8_ALLOWED);
        if (!(parsed instanceof Parsed.Ok<Mailbox> ok) || !(ok.value().host() instanceof Domain)) {
            problem(line, "alias " + name + ": \"" + printable(bare) + "\" is not an address");
            return Optional.empty();
        }
        if (ok.value().needsSmtputf8()) {
            // Mail to it could only be relayed with SMTPUTF8, which the message that reaches the alias may lack.
            problem(line, "alias " + name + ": " + printable(bare) + " has a non-ASCII local part");
            return Optional.empty();
        }
        return Optional.of(new Target.Address(ok.value()));
    }

    /**
     * Adds the addresses of {@code entry} to {@code out}, resolving names depth first.
     *
     * @return false when a loop, the depth or the size bound was hit (recorded as a problem)
     */
    private boolean expand(Entry entry, Map<String, Entry> entries, Deque<String> path, Set<Mailbox> out) {
        String key = AliasTable.key(entry.name());
        if (path.contains(key)) {
            List<String> loop = new ArrayList<>(path);
            Collections.reverse(loop);
            loop = loop.subList(loop.indexOf(key), loop.size());
            problem(entries.get(loop.get(0)).line(), "alias loop: " + String.join(" -> ", loop) + " -> " + key);
            return false;
        }
        if (path.size() >= MAX_DEPTH) {
            problem(entries.get(path.getLast()).line(), "alias " + path.getLast() + " nests more than " + MAX_DEPTH
                    + " names deep");
            return false;
        }
        path.push(key);
        try {
            for (Target target : entry.targets()) {
                if (target instanceof Target.Address address) {
                    out.add(address.mailbox());
                    if (out.size() > MAX_EXPANSION) {
                        problem(entries.get(path.getLast()).line(), "alias " + path.getLast()
                                + " expands to more than " + MAX_EXPANSION + " addresses");
                        return false;
                    }
                } else if (!expand(entries.get(((Target.Name) target).key()), entries, path, out)) {
                    return false;
                }
            }
            return true;
        } finally {
            path.pop();
        }
    }

    /** A local part that needs no quoting (RFC 5321 dot-string, UTF-8 allowed), without {@code @}. */
    private static boolean isName(String name) {
        if (name.isEmpty() || name.indexOf('@') >= 0 || name.indexOf('"') >= 0) {
            return false;
        }
        Parsed<Mailbox> parsed = AddressParser.mailbox(name + "@example.invalid", Utf8Mode.UTF8_ALLOWED);
        return parsed instanceof Parsed.Ok<Mailbox> ok && ok.value().localPart().equals(name);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(80).forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append('?');
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private void problem(int line, String reason) {
        problems.add(new AliasesFileException.Problem(line, reason));
    }
}
