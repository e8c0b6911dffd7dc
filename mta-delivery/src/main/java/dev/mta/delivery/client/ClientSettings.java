package dev.mta.delivery.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;

/**
 * How the outbound client behaves, the same for every destination.
 *
 * @param heloName      our host name, sent with EHLO and HELO (RFC 5321 section 4.1.1.1)
 * @param timeouts      per-step timeouts
 * @param idleTimeout   how long a connection waits for the next message before it sends QUIT (Postfix's
 *                      smtp_connection_cache_time_limit is 2 s)
 * @param sourceAddress the local address to connect from, when the host has several
 * @param trust         the trust store for {@link TlsPolicy#VERIFY}; empty for the JDK's default one
 * @param replyLimits   how long a reply may be
 */
public record ClientSettings(String heloName, ClientTimeouts timeouts, Duration idleTimeout,
                             Optional<InetSocketAddress> sourceAddress, Optional<TrustManagerFactory> trust,
                             SmtpReplyDecoder.Limits replyLimits) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(2);

    public ClientSettings {
        Objects.requireNonNull(heloName, "heloName");
        if (heloName.isEmpty() || !heloName.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("the EHLO name must be one word of printable ASCII: " + heloName);
        }
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("the idle timeout must be positive: " + idleTimeout);
        }
        Objects.requireNonNull(sourceAddress, "sourceAddress");
        Objects.requireNonNull(trust, "trust");
        Objects.requireNonNull(replyLimits, "replyLimits");
    }

    /** RFC timeouts, 2 s idle, no source address, the JDK's trust store. */
    public static ClientSettings defaults(String heloName) {
        return new ClientSettings(heloName, ClientTimeouts.RFC_5321, DEFAULT_IDLE_TIMEOUT, Optional.empty(),
                Optional.empty(), SmtpReplyDecoder.Limits.DEFAULT);
    }

    public ClientSettings withTimeouts(ClientTimeouts newTimeouts) {
        return new ClientSettings(heloName, newTimeouts, idleTimeout, sourceAddress, trust, replyLimits);
    }

    public ClientSettings withIdleTimeout(Duration newIdleTimeout) {
        return new ClientSettings(heloName, timeouts, newIdleTimeout, sourceAddress, trust, replyLimits);
    }

    public ClientSettings withTrust(TrustManagerFactory newTrust) {
        return new ClientSettings(heloName, timeouts, idleTimeout, sourceAddress, Optional.of(newTrust), replyLimits);
    }

    public ClientSettings withSourceAddress(InetSocketAddress newSource) {
        return new ClientSettings(heloName, timeouts, idleTimeout, Optional.of(newSource), trust, replyLimits);
    }
}
