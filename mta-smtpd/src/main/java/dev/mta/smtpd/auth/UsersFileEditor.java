package dev.mta.smtpd.auth;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Utf8Mode;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Edits the text of a users file for {@code mta user add|passwd|del}: one user's line is added, has its
 * password field replaced, or is removed; every other line (comments, blank lines, other users) and the user's
 * own {@code allow=} field stay as they were. Pure functions of the text; the caller checks the file with
 * {@link UserDirectory#load} first (so every user line is valid) and writes the result atomically.
 */
public final class UsersFileEditor {

    private UsersFileEditor() {
    }

    /** The content with a line for {@code login} appended, or empty if the user already exists. */
    public static Optional<String> add(String content, Mailbox login, StoredPassword password) {
        Objects.requireNonNull(password, "password");
        if (lineOf(lines(content), login) >= 0) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder(content);
        if (!content.isEmpty() && !content.endsWith("\n")) {
            out.append('\n');
        }
        out.append(login).append(':').append(password.usersFileForm()).append('\n');
        return Optional.of(out.toString());
    }

    /** The content with the user's password replaced, its {@code allow=} kept; empty if there is no such user. */
    public static Optional<String> setPassword(String content, Mailbox login, StoredPassword password) {
        Objects.requireNonNull(password, "password");
        List<String> lines = lines(content);
        int index = lineOf(lines, login);
        if (index < 0) {
            return Optional.empty();
        }
        String line = lines.get(index);
        String ending = line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
        List<String> fields = UsersFileParser.split(line.substring(0, line.length() - ending.length()).strip(), ':');
        StringBuilder replaced = new StringBuilder(fields.get(0)).append(':').append(password.usersFileForm());
        for (String field : fields.subList(2, fields.size())) {
            replaced.append(':').append(field);
        }
        lines.set(index, replaced.append(ending).toString());
        return Optional.of(String.join("", lines));
    }

    /** The content without the user's line, or empty if there is no such user. */
    public static Optional<String> remove(String content, Mailbox login) {
        List<String> lines = lines(content);
        int index = lineOf(lines, login);
        if (index < 0) {
            return Optional.empty();
        }
        lines.remove(index);
        return Optional.of(String.join("", lines));
    }

    /** The lines with their line ends, so joining them gives the content back. */
    private static List<String> lines(String content) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < content.length()) {
            int end = content.indexOf('\n', start);
            end = end < 0 ? content.length() : end + 1;
            lines.add(content.substring(start, end));
            start = end;
        }
        return lines;
    }

    /** The index of the user's line, matched as logins are (ignoring case), or -1. */
    private static int lineOf(List<String> lines, Mailbox login) {
        String key = Logins.key(login);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.charAt(0) == '#') {
                continue;
            }
            String name = UsersFileParser.split(line, ':').get(0).strip();
            Optional<Mailbox> mailbox = AddressParser.mailbox(name, Utf8Mode.UTF8_ALLOWED).toOptional();
            if (mailbox.isPresent() && mailbox.get().host() instanceof Domain
                    && Logins.key(mailbox.get()).equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
