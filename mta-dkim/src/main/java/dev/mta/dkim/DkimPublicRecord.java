package dev.mta.dkim;

import dev.mta.dkim.SigningAlgorithm.KeyType;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.EdECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The DNS TXT record that publishes a public key: {@code v=DKIM1; k=rsa; p=<SubjectPublicKeyInfo>} or
 * {@code v=DKIM1; k=ed25519; p=<32 raw bytes>} (RFC 6376 3.6.1, RFC 8463 section 4).
 *
 * @param text the record text, as the strings of one TXT record joined
 */
public record DkimPublicRecord(String text) {

    /** A TXT character-string holds at most 255 octets (RFC 1035 3.3.14). */
    public static final int MAX_STRING = 255;

    /** The record for a public key. */
    public static DkimPublicRecord of(PublicKey key) {
        if (key instanceof RSAPublicKey) {
            return new DkimPublicRecord("v=DKIM1; k=" + KeyType.RSA.tag() + "; p="
                    + Base64.getEncoder().encodeToString(key.getEncoded()));
        }
        if (key instanceof EdECPublicKey) {
            return new DkimPublicRecord("v=DKIM1; k=" + KeyType.ED25519.tag() + "; p="
                    + Base64.getEncoder().encodeToString(DkimKeyRecord.rawEd25519(key)));
        }
        throw new IllegalArgumentException("unsupported key type: " + key.getAlgorithm());
    }

    /** The text split into character-strings of at most 255 octets, as a 2048-bit or larger RSA key needs. */
    public List<String> strings() {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += MAX_STRING) {
            out.add(new String(bytes, i, Math.min(MAX_STRING, bytes.length - i), StandardCharsets.US_ASCII));
        }
        return out;
    }

    /** A zone-file line: {@code sel._domainkey.example.com. IN TXT ( "..." "..." )}. */
    public String zoneFileLine(String selector, String domain) {
        StringBuilder out = new StringBuilder(selector).append("._domainkey.").append(domain).append(". IN TXT (");
        for (String s : strings()) {
            out.append(" \"").append(s).append('"');
        }
        return out.append(" )").toString();
    }
}
