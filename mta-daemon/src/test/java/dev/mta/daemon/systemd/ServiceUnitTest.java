package dev.mta.daemon.systemd;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code systemd/mta.service} passes {@code systemd-analyze verify} (Debian package {@code systemd}), and says
 * what the daemon relies on.
 */
class ServiceUnitTest {

    private static final Path UNIT = Path.of("../systemd/mta.service");
    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    /** The one complaint to tolerate: the build machine has no installed mta. */
    private static final String NO_BINARY = "mta.service: Command /usr/bin/mta is not executable: "
            + "No such file or directory";

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsSystemdAnalyze() {
        boolean present = Files.isExecutable(ANALYZE);
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("CI must run this test: .ci/run installs the Debian package systemd");
        }
        assumeTrue(present, "systemd-analyze is not installed (Debian package systemd); .ci/run installs it");
    }

    @Test
    void verifiesCleanlyButForTheMissingBinary() throws Exception {
        List<String> complaints = verify(UNIT);

        complaints.remove(NO_BINARY);
        assertEquals(List.of(), complaints);
    }

    @Test
    void theVerifierCatchesAMistake() throws Exception {
        // A typo in a hardening directive would otherwise go unnoticed: systemd ignores unknown keys.
        Path broken = Files.writeString(tmp.resolve("mta.service"), Files.readString(UNIT)
                .replace("ProtectHome=yes", "ProtectHomes=yes"));

        List<String> complaints = verify(broken);

        assertTrue(complaints.stream().anyMatch(c -> c.contains("ProtectHomes")), complaints.toString());
    }

    @Test
    void isANotifyServiceThatReloadsOnHupAndIsNotRestartedForAConfigurationError() throws Exception {
        Map<String, String> service = directives(UNIT);

        assertEquals("notify", service.get("Type"));
        assertEquals("main", service.get("NotifyAccess"));
        assertEquals("mta", service.get("User"));
        assertEquals("/bin/kill -HUP $MAINPID", service.get("ExecReload"));
        assertEquals("on-failure", service.get("Restart"));
        assertEquals("2", service.get("RestartPreventExitStatus"), "exit status 2 is a configuration error");
        assertEquals("CAP_NET_BIND_SERVICE", service.get("AmbientCapabilities"));
        assertEquals("CAP_NET_BIND_SERVICE", service.get("CapabilityBoundingSet"));
        assertEquals("strict", service.get("ProtectSystem"));
        assertEquals("-/var/spool/mta /var/lib/mta", service.get("ReadWritePaths"));
        assertEquals("mta", service.get("RuntimeDirectory"));
        assertEquals("@system-service", service.get("SystemCallFilter"));
        assertFalse(service.containsKey("MemoryDenyWriteExecute"), "the JIT needs writable, executable memory");
    }

    /** Lines systemd-analyze prints about the unit; none when it is clean. */
    private static List<String> verify(Path unit) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(ANALYZE.toString(), "verify", "--man=no", unit.toString())
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "systemd-analyze hangs");
        List<String> lines = new ArrayList<>(output.lines().filter(l -> !l.isBlank()).toList());
        if (process.exitValue() != 0) {
            assertFalse(lines.isEmpty(), "systemd-analyze failed without saying why");
        }
        return lines;
    }

    /** The unit's {@code Key=value} lines (the last one wins, as in systemd for these keys). */
    private static Map<String, String> directives(Path unit) throws IOException {
        Map<String, String> result = new LinkedHashMap<>();
        for (String line : Files.readAllLines(unit, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && !line.startsWith("[") && eq > 0) {
                result.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        return result;
    }
}
