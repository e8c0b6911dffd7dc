package dev.mta.daemon.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry is well-formed, family patterns match as documented, and misspellings find their key. */
class KeyRegistryTest {

    private static final Pattern KEY_NAME = Pattern.compile("[a-z][a-z0-9-]*(\\.(<[a-z]+>|[a-z][a-z0-9-]*))*");

    @Test
    void everyDefaultAndExampleParsesAndEveryDocIsOneLine() {
        Set<String> names = new HashSet<>();
        for (KeySpec spec : MtaKeys.REGISTRY.specs()) {
            assertTrue(names.add(spec.name()), "declared once: " + spec.name());
            assertTrue(KEY_NAME.matcher(spec.name()).matches(), "lower-case dotted name: " + spec.name());
            assertFalse(spec.doc().isBlank(), spec.name());
            assertFalse(spec.doc().contains("\n"), spec.name());
            if (spec instanceof ConfigKey<?> key) {
                assertDoesNotThrow(() -> key.type().parse(key.referenceValue()), key.name());
            } else if (spec instanceof KeyFamily<?> family) {
                assertDoesNotThrow(() -> family.type().parse(family.exampleValue()), family.name());
                assertTrue(MtaKeys.REGISTRY.family(family.exampleKey()).isPresent(), family.exampleKey());
            }
        }
    }

    @Test
    void onlyTheRelayPasswordIsSecret() {
        Set<String> secrets = new HashSet<>();
        MtaKeys.REGISTRY.specs().stream().filter(KeySpec::secret).forEach(s -> secrets.add(s.name()));
        assertEquals(Set.of("relayhost.password"), secrets);
    }

    @ParameterizedTest(name = "[{index}] {0} ~ {1}: {2}")
    @CsvSource(delimiter = '|', value = {
            "route.<domain>                | route.example.com           | domain=example.com",
            "route.<domain>                | route.a.b.c.example         | domain=a.b.c.example",
            "route.<domain>                | route                       | ",
            "route.<domain>                | routes.example.com          | ",
            "listener.<name>.address       | listener.smtp.address       | name=smtp",
            "listener.<name>.address       | listener.a.b.address        | ",
            "listener.<name>.address       | listener.smtp.role          | ",
            "dkim.<domain>.<selector>.key  | dkim.example.com.s1.key     | domain=example.com, selector=s1",
            "dkim.<domain>.<selector>.key  | dkim.a.example.org.sel.key  | domain=a.example.org, selector=sel",
            "dkim.<domain>.<selector>.key  | dkim.s1.key                 | ",
            "domain.<domain>.recipients    | domain.example.com.recipients | domain=example.com",
    })
    void familyPatternsMatchAsDocumented(String pattern, String key, String variables) {
        Optional<Map<String, String>> match = KeyPattern.of(pattern).match(key);
        if (variables == null) {
            assertEquals(Optional.empty(), match);
        } else {
            assertEquals(variables, match.orElseThrow().toString().replaceAll("[{}]", ""));
        }
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "hostnme                        | did you mean `hostname`?",
            "Hostname                       | did you mean `hostname`?",
            "hsotname                       | did you mean `hostname`?",
            "tls.self-signed                | did you mean `tls.self-signed-if-missing`?",
            "listener                       | did you mean `listeners`?",
            "listner.smtp.port        | did you mean `listener.smtp.address`? (the port is part of it: host:port)",
            "listener.submit.port     | did you mean `listener.submit.address`? (the port is part of it: host:port)",
            "listener.relay.rol             | did you mean `listener.relay.role`?",
            "routes.example.com             | did you mean `route.example.com`?",
            "dkim.example.com.s1.keyfile    | did you mean `dkim.example.com.s1.key`?",
            "relayhost.pasword              | did you mean `relayhost.password`?",
            "limits.message_size            | did you mean `limits.message-size`?",
            "xyz                            | ",
            "smtpd_banner                   | ",
    })
    void suggestsTheNearestKey(String unknown, String suggestion) {
        assertEquals(Optional.ofNullable(suggestion), new KeySuggester(MtaKeys.REGISTRY).suggest(unknown));
    }

    @ParameterizedTest(name = "[{index}] {0} / {1} = {2}")
    @CsvSource({"hostname, hostname, 0", "hostnme, hostname, 1", "hsotname, hostname, 1", "'', abc, 3",
            "kitten, sitting, 3"})
    void editDistanceCountsTranspositionsAsOne(String a, String b, int distance) {
        assertEquals(distance, KeySuggester.distance(a, b));
    }
}
