package dev.mta.daemon;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Looks a user id up in a passwd(5) file: {@code name:password:uid:gid:gecos:home:shell}. The files database is
 * what a Debian VPS has; users only an NSS service (LDAP, sssd) knows are named by their id alone. Blocking file
 * I/O: never on an event loop.
 *
 * @param file the passwd file, {@code /etc/passwd} in production
 */
record PasswdUserNames(Path file) {

    static final Path SYSTEM = Path.of("/etc/passwd");

    /** The first name with this uid, as getpwuid(3) answers; empty when none, or the file cannot be read. */
    Optional<String> nameOf(long uid) {
        String wanted = Long.toString(uid);
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] fields = line.split(":", -1);
                if (fields.length >= 3 && fields[2].equals(wanted) && isUserName(fields[0])) {
                    return Optional.of(fields[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // An unreadable or odd file costs the name, never the message: the uid is still recorded.
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** The names LocalPeer accepts: the portable user name characters, and $ of machine accounts. */
    private static boolean isUserName(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c)
                || c == '.' || c == '_' || c == '-' || c == '$'));
    }
}
