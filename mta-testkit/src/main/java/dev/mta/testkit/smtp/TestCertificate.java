package dev.mta.testkit.smtp;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate made when a test runs (Bouncy Castle), never a key file in the repository: an EC
 * P-256 key, valid from a day ago for a year, with the host names given and {@code 127.0.0.1} as subject
 * alternative names. {@link #serverContext()} serves it; {@link #trustManagerFactory()} trusts only it.
 *
 * @param hostNames   the DNS names the certificate is for
 * @param keyPair     the key pair
 * @param certificate the certificate
 */
public record TestCertificate(List<String> hostNames, KeyPair keyPair, X509Certificate certificate) {

    private static final char[] NO_PASSWORD = new char[0];

    public TestCertificate {
        hostNames = List.copyOf(hostNames);
    }

    /** A new certificate for {@code hostNames} (at least one). */
    public static TestCertificate create(String... hostNames) {
        if (hostNames.length == 0) {
            throw new IllegalArgumentException("at least one host name");
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name name = new X500Name("CN=" + hostNames[0]);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365))), name, keys.getPublic());
            GeneralName[] alternatives = new GeneralName[hostNames.length + 1];
            for (int i = 0; i < hostNames.length; i++) {
                alternatives[i] = new GeneralName(GeneralName.dNSName, hostNames[i]);
            }
            alternatives[hostNames.length] = new GeneralName(GeneralName.iPAddress, "127.0.0.1");
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alternatives));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new TestCertificate(List.of(hostNames), keys, certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a test certificate", e);
        }
    }

    /** A TLS context that serves this certificate, TLS 1.2 and 1.3. */
    public SSLContext serverContext() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", keyPair.getPrivate(), NO_PASSWORD, new X509Certificate[] {certificate});
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, NO_PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, new SecureRandom());
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a server TLS context", e);
        }
    }

    /** Trust managers that trust this certificate and nothing else. */
    public TrustManagerFactory trustManagerFactory() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("server", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            return trust;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot make a trust store", e);
        }
    }
}
