package dev.mta.smtpd.session;

import java.util.Objects;
import java.util.Optional;

/**
 * The user on the other end of the local submission socket, as the kernel reports it ({@code SO_PEERCRED}), so
 * mail a local program sends can be traced to the account that sent it (DESIGN.md, "Local sockets").
 *
 * @param uid  the peer's user id
 * @param name its login name, when the user database knows the id
 */
public record LocalPeer(long uid, Optional<String> name) {

    public LocalPeer {
        Objects.requireNonNull(name, "name");
        if (uid < 0) {
            throw new IllegalArgumentException("uid must not be negative: " + uid);
        }
        name.ifPresent(LocalPeer::checkName);
    }

    /** {@code www-data (uid 33)}, or {@code uid 33} for an id without a name: for the Received field and logs. */
    public String describe() {
        return name.map(n -> n + " (uid " + uid + ")").orElse("uid " + uid);
    }

    /**
     * A user name goes into a header field and log lines: only the characters POSIX allows in user names (and
     * the {@code $} of machine accounts), so nothing from the user database can fold or inject a line.
     */
    private static void checkName(String name) {
        if (name.isEmpty() || !name.chars().allMatch(c -> c < 0x80 && (Character.isLetterOrDigit(c)
                || c == '.' || c == '_' || c == '-' || c == '$'))) {
            throw new IllegalArgumentException("not a user name: " + name);
        }
    }
}
