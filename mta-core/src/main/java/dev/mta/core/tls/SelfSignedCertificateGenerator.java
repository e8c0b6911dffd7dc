package dev.mta.core.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Makes a self-signed server certificate for one host name, for development and first starts: clients that
 * verify will refuse it, opportunistic SMTP peers (RFC 3207 section 4.1 lets them go on without verifying)
 * and a developer's own tools accept it.
 *
 * <p>The certificate names the host in the subject alternative name as a dNSName, which is what clients match
 * (RFC 6125 section 6.4.4: the CN is only a fallback), and in the CN for people reading it. Validity starts
 * one hour before the injected clock's "now", so a client whose clock is a little behind still accepts it,
 * and lasts {@link #VALIDITY}.
 */
public final class SelfSignedCertificateGenerator {

    /** How long a generated certificate is valid. */
    public static final Duration VALIDITY = Duration.ofDays(365);

    /** How far before "now" the validity starts, to tolerate clients whose clock is behind. */
    public static final Duration BACKDATING = Duration.ofHours(1);

    /** LDH labels separated by dots (RFC 1123 section 2.1); an IDN host name must be given as A-labels. */
    private static final Pattern HOST_NAME =
            Pattern.compile("(?i)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    private final Clock clock;
    private final SecureRandom random;

    public SelfSignedCertificateGenerator(Clock clock) {
        this(clock, new SecureRandom());
    }

    public SelfSignedCertificateGenerator(Clock clock, SecureRandom random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * Generates a key pair and a certificate for {@code hostName} signed with that key.
     *
     * @param hostName an ASCII host name (A-labels for internationalized names), without a trailing dot
     * @throws IllegalArgumentException if {@code hostName} is not a host name
     * @throws GeneralSecurityException if the JDK cannot generate the key or sign the certificate
     */
    public TlsMaterial generate(String hostName, KeyType keyType) throws GeneralSecurityException {
        Objects.requireNonNull(keyType, "keyType");
        if (hostName == null || hostName.length() > 253 || !HOST_NAME.matcher(hostName).matches()) {
            throw new IllegalArgumentException("not a host name: " + hostName);
        }
        KeyPair keyPair = generateKeyPair(keyType);
        Instant now = clock.instant();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, hostName).build();
        // A positive serial of up to 20 octets (RFC 5280 section 4.1.2.2), random so two generated certificates
        // never share one.
        BigInteger serial = new BigInteger(127, random).setBit(126);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial,
                Date.from(now.minus(BACKDATING)), Date.from(now.plus(VALIDITY)), subject, keyPair.getPublic());
        int keyUsage = KeyUsage.digitalSignature;
        if (keyType == KeyType.RSA_2048) {
            // TLS 1.2 RSA key exchange encrypts the premaster secret with the server key.
            keyUsage |= KeyUsage.keyEncipherment;
        }
        try {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, hostName)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keyPair.getPublic()));
            ContentSigner signer = new JcaContentSignerBuilder(keyType.signatureAlgorithm())
                    .setSecureRandom(random)
                    .build(keyPair.getPrivate());
            return new TlsMaterial(keyPair.getPrivate(),
                    List.of(new JcaX509CertificateConverter().getCertificate(builder.build(signer))));
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make a self-signed certificate for " + hostName, e);
        }
    }

    private KeyPair generateKeyPair(KeyType keyType) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType.keyAlgorithm());
        switch (keyType) {
            case RSA_2048 -> generator.initialize(2048, random);
            case EC_P256 -> generator.initialize(new ECGenParameterSpec("secp256r1"), random);
        }
        return generator.generateKeyPair();
    }
}
