package dev.mta.dkim;

import dev.mta.dkim.SigningAlgorithm.KeyType;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A DKIM key record published in DNS at {@code selector._domainkey.domain} (RFC 6376 section 3.6.1, RFC 8463
 * section 4): {@code v=DKIM1; k=rsa|ed25519; p=...}. An empty {@code p=} means the key was revoked.
 *
 * @param keyType    {@code k=}, RSA when absent
 * @param publicKey  the key, empty when revoked
 * @param hashes     {@code h=}: acceptable hash algorithms, empty meaning all
 * @param services   {@code s=}: service types, {@code *} when absent
 * @param flags      {@code t=}: {@code y} (testing), {@code s} (no subdomains in i=)
 */
public record DkimKeyRecord(KeyType keyType, Optional<PublicKey> publicKey, List<String> hashes,
                            List<String> services, List<String> flags) {

    /** The raw Ed25519 key is 32 bytes (RFC 8463 section 4); the DER prefix makes it an X.509 key for the JDK. */
    private static final byte[] ED25519_SPKI_PREFIX = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    public DkimKeyRecord {
        Objects.requireNonNull(keyType, "keyType");
        Objects.requireNonNull(publicKey, "publicKey");
        hashes = List.copyOf(hashes);
        services = List.copyOf(services);
        flags = List.copyOf(flags);
    }

    /** Whether the key was revoked (empty {@code p=}, RFC 6376 3.6.1). */
    public boolean revoked() {
        return publicKey.isEmpty();
    }

    /** Whether the domain is testing DKIM ({@code t=y}). */
    public boolean testing() {
        return flags.contains("y");
    }

    /** Parses the text of a TXT record, its character-strings already joined. */
    public static DkimKeyRecord parse(String text) throws DkimParseException {
        TagList tags = TagList.parse(text);
        Optional<String> v = tags.get("v");
        if (v.isPresent()) {
            // RFC 6376 3.6.1 v=: if present it must be "DKIM1" and the first tag.
            if (!"DKIM1".equals(v.get()) || !tags.tags().keySet().iterator().next().equals("v")) {
                throw new DkimParseException("bad key record version");
            }
        }
        KeyType keyType = KeyType.fromTag(tags.get("k").orElse("rsa"));
        List<String> hashes = list(tags.get("h"));
        if (!hashes.isEmpty() && !hashes.contains("sha256")) {
            throw new DkimParseException("key record does not allow sha256");
        }
        List<String> services = tags.get("s").map(s -> list(Optional.of(s))).orElse(List.of("*"));
        if (!services.contains("*") && !services.contains("email")) {
            throw new DkimParseException("key record is not for email");
        }
        List<String> flags = list(tags.get("t"));
        String p = TagList.withoutWhitespace(tags.require("p"));
        Optional<PublicKey> key = p.isEmpty() ? Optional.empty() : Optional.of(decodeKey(keyType, p));
        return new DkimKeyRecord(keyType, key, hashes, services, flags);
    }

    /** Decodes {@code p=}: a SubjectPublicKeyInfo for RSA, the raw 32-byte key for Ed25519. */
    static PublicKey decodeKey(KeyType keyType, String base64) throws DkimParseException {
        byte[] der = DkimSignature.base64(base64, "p");
        try {
            if (keyType == KeyType.ED25519) {
                if (der.length != 32) {
                    throw new DkimParseException("an Ed25519 key is 32 bytes, p= has " + der.length);
                }
                byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
                System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
                System.arraycopy(der, 0, spki, ED25519_SPKI_PREFIX.length, 32);
                return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
            }
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
            if (!(key instanceof RSAPublicKey)) {
                throw new DkimParseException("p= is not an RSA key");
            }
            return key;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new DkimParseException("bad public key in p=", e);
        }
    }

    /** The raw 32 bytes of an Ed25519 public key: the tail of its X.509 encoding. */
    static byte[] rawEd25519(PublicKey key) {
        byte[] spki = key.getEncoded();
        byte[] raw = new byte[32];
        System.arraycopy(spki, spki.length - 32, raw, 0, 32);
        return raw;
    }

    private static List<String> list(Optional<String> value) {
        if (value.isEmpty() || TagList.strip(value.get()).isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(value.get().split(":"))
                .map(TagList::strip)
                .map(s -> s.toLowerCase(Locale.ROOT))
                .toList();
    }
}
