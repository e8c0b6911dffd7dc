package dev.mta.core.tls;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

/** Keys and certificates made at test time, and PEM text in the layouts other tools write. */
final class TestPki {

    private TestPki() {
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    /** A certificate for {@code subjectKey}'s public key, signed by {@code issuerKey} in {@code issuer}'s name. */
    static X509Certificate certificate(String subject, KeyPair subjectKey, String issuer, KeyPair issuerKey,
                                       boolean ca) throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name("CN=" + issuer),
                BigInteger.valueOf(now.toEpochMilli()), Date.from(now.minus(1, ChronoUnit.DAYS)),
                Date.from(now.plus(1, ChronoUnit.DAYS)), new X500Name("CN=" + subject), subjectKey.getPublic());
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        String algorithm = issuerKey.getPrivate().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder(algorithm).build(issuerKey.getPrivate())));
    }

    static X509Certificate selfSigned(String subject, KeyPair key) throws Exception {
        return certificate(subject, key, subject, key, false);
    }

    /** PEM as Bouncy Castle's (and OpenSSL's traditional) writer formats the object: PKCS#1 / SEC1 for keys. */
    static String traditionalPem(Object... objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return text.toString();
    }

    /**
     * SEC1 'EC PRIVATE KEY' as {@code openssl ecparam -genkey} writes it: with the named curve, and with or
     * without the optional public key (RFC 5915 section 3).
     */
    static String sec1Pem(KeyPair ec, boolean withPublicKey) throws IOException {
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded());
        ASN1ObjectIdentifier curve = (ASN1ObjectIdentifier) publicKey.getAlgorithm().getParameters();
        BigInteger secret = ((java.security.interfaces.ECPrivateKey) ec.getPrivate()).getS();
        ECPrivateKey sec1 = withPublicKey
                ? new ECPrivateKey(256, secret, publicKey.getPublicKeyData(), curve)
                : new ECPrivateKey(256, secret, curve);
        return traditionalPem(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    }

    /** PKCS#8 'PRIVATE KEY', as {@code openssl genpkey} writes it. */
    static String pkcs8Pem(PrivateKey key) throws IOException {
        return traditionalPem(new PemObject("PRIVATE KEY", key.getEncoded()));
    }
}
