package dev.mta.daemon.config;

import dev.mta.core.config.HostAndPort;
import dev.mta.delivery.RetrySettings;
import dev.mta.queue.QueueSettings;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ListenerSettings;
import dev.mta.smtpd.SmtpdSettings;
import dev.mta.smtpd.TimeoutSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code config/mta.properties} and the registry say the same: every key with its default and its doc line, no
 * key the registry lacks; and both configuration files of the repository load.
 */
class ReferenceConfigTest {

    /** The test runs in the module directory; the files live at the root of the repository. */
    private static final Path REFERENCE = Path.of("../config/mta.properties");
    private static final Path DEVELOPMENT = Path.of("../config/dev.properties");

    private static final Pattern ACTIVE = Pattern.compile("([^#\\s][^=\\s]*)\\s*=\\s*(.*)");
    private static final Pattern COMMENTED = Pattern.compile("#\\s*([a-z][a-z0-9_.-]*)\\s*=\\s*(.*)");

    private static List<String> lines;
    /** Active keys with value and the index of their line. */
    private static final Map<String, Integer> activeLine = new LinkedHashMap<>();
    private static final Map<String, String> active = new LinkedHashMap<>();
    private static final Map<String, String> commented = new LinkedHashMap<>();
    private static final Map<String, Integer> commentedLine = new LinkedHashMap<>();

    @BeforeAll
    static void readReference() throws IOException {
        lines = Files.readAllLines(REFERENCE);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher a = ACTIVE.matcher(line);
            Matcher c = COMMENTED.matcher(line);
            if (a.matches()) {
                active.put(a.group(1), a.group(2).strip());
                activeLine.put(a.group(1), i);
            } else if (c.matches()) {
                commented.put(c.group(1), c.group(2).strip());
                commentedLine.put(c.group(1), i);
            }
        }
    }

    @Test
    void everyKeyIsInTheReferenceWithItsDefaultAndItsDocAbove() {
        for (KeySpec spec : MtaKeys.REGISTRY.specs()) {
            if (spec instanceof ConfigKey<?> key) {
                assertTrue(active.containsKey(key.name()), key.name() + " missing from " + REFERENCE);
                assertEquals(key.referenceValue(), active.get(key.name()), key.name());
                assertEquals("# " + key.doc(), lines.get(activeLine.get(key.name()) - 1).strip(),
                        "doc line above " + key.name());
            }
        }
    }

    @Test
    void everyFamilyHasItsDocAndACommentedExample() {
        for (KeySpec spec : MtaKeys.REGISTRY.specs()) {
            if (spec instanceof KeyFamily<?> family) {
                assertEquals(family.exampleValue(), commented.get(family.exampleKey()),
                        "commented example " + family.exampleKey() + " of " + family.name());
                int first = firstLineOf(family);
                assertEquals("# " + family.doc(), lines.get(first - 1).strip(), "doc line above " + family.name());
            }
        }
    }

    private static int firstLineOf(KeyFamily<?> family) {
        List<Integer> found = new ArrayList<>();
        activeLine.forEach((k, i) -> family.pattern().match(k).ifPresent(v -> found.add(i)));
        commentedLine.forEach((k, i) -> family.pattern().match(k).ifPresent(v -> found.add(i)));
        return found.stream().mapToInt(Integer::intValue).min().orElseThrow();
    }

    @Test
    void theReferenceHasNoKeyTheRegistryLacksAndFamilyKeysHaveTheirDefaults() {
        for (Map.Entry<String, String> e : active.entrySet()) {
            String key = e.getKey();
            assertTrue(MtaKeys.REGISTRY.knows(key), "unknown key in " + REFERENCE + ": " + key);
            MtaKeys.REGISTRY.family(key).ifPresent(m ->
                    assertEquals(m.family().instanceDefault().apply(m.variables()), Optional.of(e.getValue()),
                            "an active family key in the reference shows its default: " + key));
        }
        for (String key : commented.keySet()) {
            assertTrue(MtaKeys.REGISTRY.knows(key), "unknown commented key in " + REFERENCE + ": " + key);
        }
    }

    @Test
    void theReferenceLoadsAndItsDefaultsAreTheSettingsRecordsDefaults() throws ConfigException {
        MtaConfig config = ConfigLoader.load(REFERENCE, Map.of());
        SmtpdSettings smtpd = config.smtpd();
        assertEquals(LimitSettings.DEFAULTS, smtpd.limits());
        assertEquals(36700160L, smtpd.limits().messageSize().bytes());
        assertEquals(TimeoutSettings.DEFAULTS, smtpd.timeouts());
        assertEquals(SmtpdSettings.DEFAULT_RELAY_NETWORKS, smtpd.relayNetworks());
        assertEquals(List.of(
                new ListenerSettings("smtp", HostAndPort.parse("0.0.0.0:25").toSocketAddress(), ListenerRole.SMTP),
                new ListenerSettings("submission", HostAndPort.parse("0.0.0.0:587").toSocketAddress(),
                        ListenerRole.SUBMISSION),
                new ListenerSettings("submissions", HostAndPort.parse("0.0.0.0:465").toSocketAddress(),
                        ListenerRole.SUBMISSIONS)), smtpd.listeners());
        assertEquals(Path.of("/etc/mta/tls/cert.pem"), smtpd.tls().certificateChain());
        assertEquals(false, smtpd.tls().selfSignedIfMissing());
        assertEquals(new QueueSettings(Path.of("/var/spool/mta")), config.queue());
        assertEquals(RetrySettings.DEFAULTS, config.delivery().retry());
        assertEquals(Path.of("/var/lib/mta"), config.stateDirectory());
        assertEquals("postmaster@mail.example.com", config.delivery().postmasterNotice().orElseThrow().toString());
        assertEquals(new MtaConfig(config.source(), config.hostname(), config.stateDirectory(), smtpd,
                config.queue()), config, "the short constructor's defaults are the registry's");
    }

    @Test
    void theDevelopmentConfigurationLoads() throws ConfigException {
        MtaConfig config = ConfigLoader.load(DEVELOPMENT, Map.of());
        Path cwd = Path.of("").toAbsolutePath();
        assertEquals("localhost", config.hostname());
        assertEquals(cwd.resolve("var/lib"), config.stateDirectory());
        assertEquals(cwd.resolve("var/spool"), config.queue().directory());
        assertEquals(List.of(
                new ListenerSettings("smtp", HostAndPort.parse("127.0.0.1:2525").toSocketAddress(), ListenerRole.SMTP),
                new ListenerSettings("submission", HostAndPort.parse("127.0.0.1:2587").toSocketAddress(),
                        ListenerRole.SUBMISSION),
                new ListenerSettings("submissions", HostAndPort.parse("127.0.0.1:2465").toSocketAddress(),
                        ListenerRole.SUBMISSIONS)), config.smtpd().listeners());
        assertEquals(cwd.resolve("var/lib/tls/cert.pem"), config.smtpd().tls().certificateChain());
        assertEquals(cwd.resolve("var/lib/tls/key.pem"), config.smtpd().tls().privateKey());
        assertTrue(config.smtpd().tls().selfSignedIfMissing());
        assertEquals("example.test", config.smtpd().domains().get(0).domain().ascii());
    }
}
