package dev.mta.dkim;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DkimSignatureTest {

    private static final String BH = "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8=";
    private static final String VALID = "v=1; a=rsa-sha256; c=relaxed/simple; d=Example.COM; s=sel; t=100; x=200;"
            + " h=From : to:subject; bh=" + BH + "; b=YWJj\r\n ZGVm";

    @Test
    void parsesAllTags() throws DkimParseException {
        DkimSignature s = DkimSignature.parse(VALID);
        assertEquals(SigningAlgorithm.RSA_SHA256, s.algorithm());
        assertEquals(Canonicalization.RELAXED, s.headerCanon());
        assertEquals(Canonicalization.SIMPLE, s.bodyCanon());
        assertEquals("example.com", s.domain());
        assertEquals("sel", s.selector());
        assertEquals(List.of("from", "to", "subject"), s.signedHeaders());
        assertEquals(32, s.bodyHash().length);
        assertEquals("abcdef", new String(s.signature(), java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(Instant.ofEpochSecond(100), s.timestamp().orElseThrow());
        assertEquals(Instant.ofEpochSecond(200), s.expiry().orElseThrow());
        assertTrue(s.bodyLength().isEmpty());
    }

    @Test
    void defaultsToSimpleSimpleAndOneNameMeansSimpleBody() throws DkimParseException {
        DkimSignature none = DkimSignature.parse(VALID.replace("c=relaxed/simple; ", ""));
        assertEquals(Canonicalization.SIMPLE, none.headerCanon());
        assertEquals(Canonicalization.SIMPLE, none.bodyCanon());
        DkimSignature one = DkimSignature.parse(VALID.replace("c=relaxed/simple", "c=relaxed"));
        assertEquals(Canonicalization.RELAXED, one.headerCanon());
        assertEquals(Canonicalization.SIMPLE, one.bodyCanon());
    }

    /** Each row replaces one piece of a valid signature; the result must be refused. */
    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', value = {
        // CVE-2020-28025: a bh= longer or shorter than the hash must not be accepted
        "'bh=" + BH + "'  | 'bh=2jUSOH9NhtVGCQWNr9BrIAPreKQ='                                    | false",
        "'bh=" + BH + "'  | 'bh=" + BH + "2jUSOH9NhtVGCQWNr9BrIAPreKQjO6Sn7XIkfJVOzv8='          | false",
        "'bh=" + BH + "'  | 'bh='                                                              | false",
        "'b=YWJj\r\n ZGVm' | 'b='                                                              | false",
        "'b=YWJj\r\n ZGVm' | 'b=***'                                                           | false",
        "'s=sel'          | 's=sel; s=other'                                                  | false",
        "'d=Example.COM'  | 'd=Example.COM; d=example.org'                                    | false",
        "'v=1'            | 'v=2'                                                             | false",
        "'v=1; '          | ''                                                                | false",
        "'s=sel; '        | ''                                                                | false",
        "'a=rsa-sha256'   | 'a=rsa-sha1'                                                      | true",
        "'a=rsa-sha256'   | 'a=rsa-md5'                                                       | false",
        "'h=From : to:subject' | 'h=to:subject'                                               | true",
        "'h=From : to:subject' | 'h=from::to'                                                 | false",
        "'c=relaxed/simple' | 'c=fancy/simple'                                                | false",
        "'c=relaxed/simple' | 'c=relaxed/simple/x'                                            | false",
        "'x=200'          | 'x=50'                                                            | false",
        "'t=100'          | 't=soon'                                                          | false",
        "'s=sel'          | 's=sel; i=joe@example.org'                                        | false",
        "'s=sel'          | 's=sel; q=http'                                                   | false",
        "'s=sel'          | 's=sel; l=-1'                                                     | false",
    })
    void rejectsBrokenSignatures(String from, String to, boolean forbidden) {
        String broken = VALID.replace(from, to);
        assertFalse(broken.equals(VALID), "the row must change the signature");
        DkimParseException e = assertThrows(DkimParseException.class, () -> DkimSignature.parse(broken));
        assertEquals(forbidden, e.isForbidden(), e.getMessage());
    }

    @Test
    void acceptsAnIdentityInASubdomainAndALength() throws DkimParseException {
        DkimSignature s = DkimSignature.parse(VALID + "; i=joe@news.example.com; l=12");
        assertEquals("joe@news.example.com", s.identity().orElseThrow());
        assertEquals(12, s.bodyLength().getAsLong());
    }
}
