package dev.mta.daemon.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Local submission: the socket {@code mta sendmail} talks to and the domain it gives unqualified names.
 *
 * @param socket       the Unix domain socket path; empty: not offered
 * @param originDomain the domain appended to a name without {@code @} ({@code root} becomes
 *                     {@code root@<originDomain>}), A-label form
 */
public record LocalSubmissionSettings(Optional<Path> socket, String originDomain) {

    /** The socket systemd's {@code RuntimeDirectory=mta} holds. */
    public static final Path DEFAULT_SOCKET = Path.of("/run/mta/submit.sock");

    public LocalSubmissionSettings {
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(originDomain, "originDomain");
    }

    /** The defaults for a host name: the default socket, and the origin derived from the name. */
    public static LocalSubmissionSettings defaults(String hostname) {
        return new LocalSubmissionSettings(Optional.of(DEFAULT_SOCKET), originOf(hostname));
    }

    /**
     * The host name without its first label when that leaves a domain of two labels or more
     * ({@code mail.example.com}: {@code example.com}), else the host name itself ({@code localhost},
     * {@code example.com}): mail to {@code root@example.com} reaches the domain's aliases, as Postfix users
     * expect from setting myorigin to $mydomain.
     */
    public static String originOf(String hostname) {
        int dot = hostname.indexOf('.');
        String rest = dot < 0 ? "" : hostname.substring(dot + 1);
        return rest.indexOf('.') > 0 ? rest : hostname;
    }
}
