package dev.mta.smtpd.auth;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The SASL mechanisms mta offers, in the order the EHLO {@code AUTH} line lists them. Both send the password
 * itself, so the session offers AUTH only over TLS (DESIGN.md invariant 5; RFC 4954 section 4 and RFC 4616
 * section 6).
 */
public enum SaslMechanism {
    /** RFC 4616. */
    PLAIN(PlainExchange::new),
    /** draft-murchison-sasl-login, for clients that know no other. */
    LOGIN(LoginExchange::new);

    private final Supplier<SaslExchange> factory;

    SaslMechanism(Supplier<SaslExchange> factory) {
        this.factory = factory;
    }

    /** A fresh exchange for one AUTH command. */
    public SaslExchange newExchange() {
        return factory.get();
    }

    /**
     * The mechanism an AUTH command names. SASL mechanism names are matched ignoring case (RFC 4422 section
     * 3.1 registers them in upper case; clients send them so, but nothing is gained by refusing {@code plain}).
     * Empty for an unknown mechanism: the session answers {@code 504 5.5.4} (RFC 4954 section 4).
     */
    public static Optional<SaslMechanism> byName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (SaslMechanism mechanism : values()) {
            if (mechanism.name().equals(upper)) {
                return Optional.of(mechanism);
            }
        }
        return Optional.empty();
    }

    /** The parameter of the EHLO {@code AUTH} keyword: {@code PLAIN LOGIN}. */
    public static String ehloParameter() {
        StringBuilder out = new StringBuilder();
        for (SaslMechanism mechanism : values()) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(mechanism.name());
        }
        return out.toString();
    }
}
