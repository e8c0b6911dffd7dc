package dev.mta.daemon;

import dev.mta.core.tls.KeyType;
import dev.mta.core.tls.PemTlsMaterialLoader;
import dev.mta.core.tls.PemTlsMaterialWriter;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import dev.mta.core.tls.TlsMaterial;
import dev.mta.core.tls.TlsMaterialException;
import dev.mta.smtpd.ServerTlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Finds the server's certificate at start: loads the configured files, or, when both are missing and the
 * configuration allows it ({@code tls.self-signed-if-missing}, for development), generates a self-signed pair
 * there first and reuses it on later starts.
 */
final class ServerCertificateProvisioner {

    private static final Logger log = LoggerFactory.getLogger(ServerCertificateProvisioner.class);

    private final Clock clock;

    ServerCertificateProvisioner(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * @throws StartupException {@link ExitStatus#USAGE} when a configured file is missing or unusable (the
     *                          message names it), {@link ExitStatus#FAILED} when a generated pair cannot be written
     */
    TlsMaterial provision(String hostname, ServerTlsSettings tls) throws StartupException {
        Path certificate = tls.certificateChain();
        Path key = tls.privateKey();
        boolean certificateMissing = Files.notExists(certificate);
        boolean keyMissing = Files.notExists(key);
        if (tls.selfSignedIfMissing() && certificateMissing && keyMissing) {
            return generate(hostname, certificate, key);
        }
        TlsMaterial material;
        try {
            material = new PemTlsMaterialLoader().load(certificate, key);
        } catch (TlsMaterialException e) {
            String hint = tls.selfSignedIfMissing() && (certificateMissing || keyMissing)
                    ? " (tls.self-signed-if-missing generates a pair only when both files are missing)" : "";
            throw new StartupException(ExitStatus.USAGE, "TLS: " + e.getMessage() + hint, e);
        }
        X509Certificate leaf = material.leaf();
        Instant notAfter = leaf.getNotAfter().toInstant();
        if (notAfter.isBefore(clock.instant())) {
            log.warn("TLS certificate {} expired on {}; clients that verify certificates will refuse it",
                    certificate, notAfter);
        } else {
            log.info("TLS certificate {}: {}, valid until {}", certificate,
                    leaf.getSubjectX500Principal().getName(), notAfter);
        }
        return material;
    }

    private TlsMaterial generate(String hostname, Path certificate, Path key) throws StartupException {
        TlsMaterial material;
        try {
            // EC P-256: generated in milliseconds and accepted by every TLS 1.2 and 1.3 client.
            material = new SelfSignedCertificateGenerator(clock).generate(hostname, KeyType.EC_P256);
        } catch (IllegalArgumentException e) {
            throw new StartupException(ExitStatus.USAGE, "hostname " + hostname
                    + " cannot be named in a certificate: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new StartupException(ExitStatus.FAILED, "cannot generate a self-signed certificate: " + e, e);
        }
        try {
            new PemTlsMaterialWriter().write(material, certificate, key);
        } catch (IOException e) {
            throw new StartupException(ExitStatus.FAILED, "cannot write the self-signed certificate to "
                    + certificate + " and " + key + ": " + e, e);
        }
        log.info("generated a self-signed certificate for {} in {} (key {}); clients that verify certificates "
                + "will refuse it", hostname, certificate, key);
        return material;
    }
}
