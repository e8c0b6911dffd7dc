package dev.mta.smtpd.auth;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.Utf8Mode;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the users file, strictly. The format, one user per line, after dovecot's passwd-file:
 * <pre>
 * # comment
 * alice@example.com:{ARGON2ID}$argon2id$v=19$m=19456,t=2,p=1$salt$hash
 * bob@example.com:{BLF-CRYPT}$2y$12$...:allow=bob@example.net,@example.org
 * </pre>
 * Fields are separated by {@code :} and list entries by {@code ,}, except inside a quoted local part. The user
 * name must be an address with a domain; then the password field; then optionally one {@code allow=} field, a
 * comma-separated list of addresses and {@code @domain}s. Blank lines and lines starting with {@code #} are skipped; space around a line or a list
 * entry is ignored; a {@code #} later in a line is not a comment. Anything else is a problem that names the
 * line: every line is checked and every problem reported, so one run shows all that needs fixing.
 */
final class UsersFileParser {

    /** A users file larger than this is refused rather than read into memory. */
    static final int MAX_FILE_OCTETS = 16 * 1024 * 1024;
    /** Longer lines are refused; a real line is a name, a hash of about 100 characters and a few addresses. */
    static final int MAX_LINE_CHARS = 8192;

    private final Path file;
    private final List<UsersFileException.Problem> problems = new ArrayList<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Integer> lineOf = new HashMap<>();

    private UsersFileParser(Path file) {
        this.file = file;
    }

    /**
     * Parses the file's content.
     *
     * @param file    the file's name, for errors only
     * @param content the file's octets, UTF-8
     * @return the users by lookup key ({@link Logins#key}), in file order
     * @throws UsersFileException naming every bad line
     */
    static Map<String, User> parse(Path file, byte[] content) throws UsersFileException {
        UsersFileParser parser = new UsersFileParser(file);
        if (content.length > MAX_FILE_OCTETS) {
            parser.problems.add(new UsersFileException.Problem(0, "larger than " + MAX_FILE_OCTETS + " octets"));
        } else {
            parser.lines(content);
        }
        if (!parser.problems.isEmpty()) {
            throw new UsersFileException(file, parser.problems);
        }
        return parser.users;
    }

    private void lines(byte[] content) {
        int start = 0;
        int number = 1;
        while (start < content.length) {
            int end = start;
            while (end < content.length && content[end] != '\n') {
                end++;
            }
            int stop = end > start && content[end - 1] == '\r' ? end - 1 : end;
            String text = decode(content, start, stop);
            if (text == null) {
                problem(number, "not valid UTF-8");
            } else {
                line(number, text);
            }
            start = end + 1;
            number++;
        }
    }

    private void line(int number, String raw) {
        String line = raw.strip();
        if (line.isEmpty() || line.charAt(0) == '#') {
            return;
        }
        if (line.length() > MAX_LINE_CHARS) {
            problem(number, "line longer than " + MAX_LINE_CHARS + " characters");
            return;
        }
        List<String> fields = split(line, ':');
        if (fields.size() < 2) {
            problem(number, "expected user@domain:{SCHEME}hash[:allow=...]");
            return;
        }
        Mailbox login = address(number, fields.get(0), "user name");
        if (login == null) {
            return;
        }
        StoredPassword password;
        try {
            password = StoredPassword.parse(fields.get(1));
        } catch (InvalidHashException e) {
            problem(number, "password of " + login + ": " + e.getMessage());
            return;
        }
        Set<Mailbox> addresses = new LinkedHashSet<>();
        Set<Domain> domains = new LinkedHashSet<>();
        if (fields.size() > 3) {
            problem(number, "too many fields; after the password only one allow= field may follow");
            return;
        }
        if (fields.size() == 3 && !allow(number, fields.get(2), addresses, domains)) {
            return;
        }
        String key = Logins.key(login);
        Integer earlier = lineOf.putIfAbsent(key, number);
        if (earlier != null) {
            // Names that differ only in case are the same login (Logins), so they are duplicates too.
            problem(number, "user " + login + " is already defined on line " + earlier);
            return;
        }
        users.put(key, new User(login, password, addresses, domains));
    }

    private boolean allow(int number, String field, Set<Mailbox> addresses, Set<Domain> domains) {
        if (!field.startsWith("allow=")) {
            problem(number, "unknown field; after the password only allow= may follow");
            return false;
        }
        String list = field.substring("allow=".length());
        boolean ok = true;
        for (String entry : split(list, ',')) {
            String item = entry.strip();
            if (item.isEmpty()) {
                problem(number, "empty entry in allow=");
                ok = false;
            } else if (item.charAt(0) == '@') {
                Parsed<Domain> domain = AddressParser.domain(item.substring(1), Utf8Mode.UTF8_ALLOWED);
                if (domain instanceof Parsed.Invalid<Domain> invalid) {
                    problem(number, "allow= entry is not a valid @domain: " + invalid.reason());
                    ok = false;
                } else {
                    domains.add(domain.orElseThrow());
                }
            } else {
                Mailbox address = address(number, item, "allow= entry");
                if (address == null) {
                    ok = false;
                } else {
                    addresses.add(address);
                }
            }
        }
        return ok;
    }

    private Mailbox address(int number, String text, String what) {
        Parsed<Mailbox> parsed = AddressParser.mailbox(text, Utf8Mode.UTF8_ALLOWED);
        if (parsed instanceof Parsed.Invalid<Mailbox> invalid) {
            problem(number, what + " is not a valid address: " + invalid.reason());
            return null;
        }
        Mailbox mailbox = parsed.orElseThrow();
        if (!(mailbox.host() instanceof Domain)) {
            problem(number, what + " needs a domain, not an address literal");
            return null;
        }
        return mailbox;
    }

    /**
     * Splits at every {@code separator} outside a quoted string, since a quoted local part may hold {@code :} or
     * {@code ,} ({@code "a:b"@example.com}); a backslash inside quotes escapes the next character (RFC 5321
     * section 4.1.2 quoted-pair). Hashes hold no quotes, so this does not change how they split.
     */
    static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private void problem(int line, String reason) {
        problems.add(new UsersFileException.Problem(line, reason));
    }

    private static String decode(byte[] content, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
