package dev.mta.smtpd;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A certificate for one server name, chosen when the client asks for that name in TLS's SNI extension (RFC 6066
 * section 3), e.g. {@code mail.example.org} on a server whose own name is {@code mx.example.com}.
 *
 * @param serverName       the host name, in A-label form, lower case, without a trailing dot
 * @param certificateChain PEM file with the certificate and its chain
 * @param privateKey       PEM file with its private key
 */
public record SniCertificate(String serverName, Path certificateChain, Path privateKey) {

    public SniCertificate {
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(certificateChain, "certificateChain");
        Objects.requireNonNull(privateKey, "privateKey");
        serverName = normalize(serverName);
        if (serverName.isEmpty()) {
            throw new IllegalArgumentException("empty server name");
        }
    }

    /** Server names compare without case and without a trailing dot (RFC 6066 section 3: no trailing dot). */
    static String normalize(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }
}
