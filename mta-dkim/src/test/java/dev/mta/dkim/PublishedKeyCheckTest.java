package dev.mta.dkim;

import dev.mta.dkim.PublishedKeyCheck.Status;
import dev.mta.dkim.TestSupport.MapTxtLookup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PublishedKeyCheckTest {

    private static final String NAME = "s1._domainkey.example.test";

    /**
     * The published records are named: RSA and ED (our keys), OTHER (another RSA key), REVOKED, BAD (not a key
     * record), FAIL (the lookup fails), NONE (nothing published). Several are separated by {@code +}.
     */
    @ParameterizedTest(name = "[{index}] {0} published, ours {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "RSA          | RSA | OK",
        "ED           | ED  | OK",
        "RSA_TESTING  | RSA | OK",
        "NONE         | RSA | MISSING",
        "OTHER        | RSA | WRONG_KEY",
        "ED           | RSA | WRONG_KEY",
        "RSA          | ED  | WRONG_KEY",
        "REVOKED      | RSA | REVOKED",
        "BAD          | RSA | SYNTAX_ERROR",
        "BAD+RSA      | RSA | OK",
        "BAD+OTHER    | RSA | WRONG_KEY",
        "FAIL         | RSA | TEMPORARY_FAILURE",
    })
    void reportsWhetherThePublishedRecordHoldsOurKey(String published, String ours, Status expected)
            throws Exception {
        PublicKey key = (ours.equals("RSA") ? TestSupport.Keys.RSA : TestSupport.Keys.ED25519).getPublic();
        List<String> records = new ArrayList<>();
        for (String name : published.split("\\+")) {
            switch (name) {
                case "RSA" -> records.add(DkimPublicRecord.of(TestSupport.Keys.RSA.getPublic()).text());
                case "RSA_TESTING" -> records.add(DkimPublicRecord.of(TestSupport.Keys.RSA.getPublic()).text()
                        + "; t=y");
                case "ED" -> records.add(DkimPublicRecord.of(TestSupport.Keys.ED25519.getPublic()).text());
                case "OTHER" -> records.add(DkimPublicRecord.of(Other.KEY.getPublic()).text());
                case "REVOKED" -> records.add("v=DKIM1; k=rsa; p=");
                case "BAD" -> records.add("v=spf1 -all");
                case "FAIL", "NONE" -> { }
                default -> throw new IllegalArgumentException(name);
            }
        }
        TxtLookup dns = new MapTxtLookup(Map.of(NAME, records),
                published.equals("FAIL") ? Set.of(NAME) : Set.of());

        PublishedKeyCheck.Outcome outcome = new PublishedKeyCheck(dns).check("example.test", "s1", key)
                .toCompletableFuture().get();

        assertEquals(expected, outcome.status(), outcome::detail);
    }

    /** A second RSA key, made only when a row needs it. */
    private static final class Other {
        static final KeyPair KEY = new DkimKeyGenerator(new java.security.SecureRandom())
                .generate(DkimKeyGenerator.Kind.RSA_2048);
    }
}
