package dev.mta.delivery;

import dev.mta.core.config.NextHop;

import java.util.Objects;
import java.util.Optional;

/**
 * A smarthost that takes all outbound mail (except domains with their own route).
 *
 * @param nextHop where to connect, in the route form ({@code [smtp.example.net]:587})
 * @param auth    the login for the relay host, if it needs one (sent only over TLS)
 */
public record RelayhostSettings(NextHop nextHop, Optional<SmtpAuthSettings> auth) {

    public RelayhostSettings {
        Objects.requireNonNull(nextHop, "nextHop");
        Objects.requireNonNull(auth, "auth");
    }
}
