package dev.mta.dkim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.interfaces.RSAPublicKey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DkimKeyRecordTest {

    static final String RSA_P = "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bd"
            + "OKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLz"
            + "BfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
    static final String ED_P = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

    @Test
    void parsesRsaAndEd25519Records() throws DkimParseException {
        DkimKeyRecord rsa = DkimKeyRecord.parse("v=DKIM1; k=rsa; p=" + RSA_P);
        assertEquals(SigningAlgorithm.KeyType.RSA, rsa.keyType());
        assertEquals(1024, ((RSAPublicKey) rsa.publicKey().orElseThrow()).getModulus().bitLength());
        DkimKeyRecord ed = DkimKeyRecord.parse("v=DKIM1; k=ed25519; p=" + ED_P);
        assertEquals(SigningAlgorithm.KeyType.ED25519, ed.keyType());
        assertFalse(ed.revoked());
    }

    @Test
    void rsaIsTheDefaultKeyTypeAndFlagsAreRead() throws DkimParseException {
        DkimKeyRecord r = DkimKeyRecord.parse("p=" + RSA_P.substring(0, 40) + "\r\n " + RSA_P.substring(40)
                + "; t=y:s; h=sha256:sha1; s=email");
        assertEquals(SigningAlgorithm.KeyType.RSA, r.keyType());
        assertTrue(r.testing());
        assertTrue(r.flags().contains("s"));
    }

    @Test
    void anEmptyKeyMeansRevoked() throws DkimParseException {
        assertTrue(DkimKeyRecord.parse("v=DKIM1; p=").revoked());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "k=rsa",                                          // no p=
        "v=DKIM2; p=" + ED_P,                             // wrong version
        "k=rsa; v=DKIM1; p=" + RSA_P,                     // v= not first
        "k=dsa; p=" + RSA_P,                              // unknown key type
        "h=sha1; p=" + RSA_P,                             // sha256 not allowed
        "s=web; p=" + RSA_P,                              // not for email
        "k=ed25519; p=" + RSA_P,                          // not 32 bytes
        "k=rsa; p=" + ED_P,                               // not an RSA key
        "k=rsa; p=!!!!",                                  // not base64
        "p=; p=",                                         // duplicate tags
    })
    void rejectsBadRecords(String record) {
        assertThrows(DkimParseException.class, () -> DkimKeyRecord.parse(record));
    }
}
