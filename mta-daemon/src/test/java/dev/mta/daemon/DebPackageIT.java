package dev.mta.daemon;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The .deb built in the package phase, inspected with dpkg-deb and never installed on this machine: its files,
 * modes and links, its control fields and maintainer scripts, and the unpacked tree's own {@code mta} and
 * {@code sendmail} and {@code mailq} at work.
 */
class DebPackageIT {

    @TempDir
    Path tmp;

    private Path deb;

    @BeforeEach
    void findPackage() throws Exception {
        String configured = System.getProperty("mta.deb");
        assumeTrue(configured != null, "run by failsafe after the package phase, which sets mta.deb");
        assumeTrue(run(List.of("sh", "-c", "command -v dpkg-deb"), null).exit() == 0,
                "dpkg-deb (Debian package dpkg) is needed to inspect the package");
        deb = Path.of(configured);
        assertTrue(Files.isRegularFile(deb), deb + " was not built");
    }

    @Test
    void installsTheExpectedFilesWithTheirModes() throws Exception {
        Result listing = run(List.of("dpkg-deb", "-c", deb.toString()), null);
        assertEquals(0, listing.exit(), listing.output());
        Map<String, String> entries = new HashMap<>();
        for (String line : listing.output().lines().toList()) {
            // drwxr-xr-x root/root 0 2026-11-25 00:00 ./usr/share/mta/ [-> target]
            String[] f = line.split("\\s+", 6);
            entries.put(f[5].replaceFirst("^\\./", "/").replaceFirst("/$", ""), f[0] + " " + f[1]);
        }
        assertEquals("-rwxr-xr-x root/root", entries.get("/usr/share/mta/bin/mta"));
        assertTrue(entries.keySet().stream().anyMatch(p -> p.matches("/usr/share/mta/lib/mta-daemon-.*\\.jar")),
                entries.keySet().toString());
        assertTrue(entries.keySet().stream().anyMatch(p -> p.matches("/usr/share/mta/lib/netty-transport-native-epoll"
                + "-.*-linux-x86_64\\.jar")), entries.keySet().toString());
        // dpkg makes every symbolic link 0777 whatever the archive says; the type and target are what count.
        assertTrue(entries.get("/usr/bin/mta -> ../share/mta/bin/mta").startsWith("l"), entries.toString());
        assertTrue(entries.get("/usr/sbin/sendmail -> ../share/mta/bin/mta").startsWith("l"), entries.toString());
        assertTrue(entries.get("/usr/bin/mailq -> ../share/mta/bin/mta").startsWith("l"), entries.toString());
        assertEquals("-rw-r--r-- root/root", entries.get("/etc/mta/mta.properties"));
        assertEquals("-rw-r--r-- root/root", entries.get("/etc/mta/aliases"));
        assertEquals("-rw-r--r-- root/root", entries.get("/lib/systemd/system/mta.service"));
        assertEquals("drwx------ root/root", entries.get("/var/spool/mta"));
        assertEquals("drwx------ root/root", entries.get("/var/lib/mta"));
        assertFalse(entries.containsKey("/etc/mta/users"), "postinst creates the users file, 0640 root:mta");
    }

    @Test
    void declaresItselfAnMtaThatNeedsJava17() throws Exception {
        Map<String, String> fields = new HashMap<>();
        for (String field : List.of("Package", "Architecture", "Section", "Depends", "Provides", "Conflicts",
                "Replaces", "Version")) {
            Result value = run(List.of("dpkg-deb", "-f", deb.toString(), field), null);
            assertEquals(0, value.exit(), value.output());
            fields.put(field, value.output().strip());
        }
        assertEquals("mta", fields.get("Package"));
        assertEquals("all", fields.get("Architecture"));
        assertEquals("mail", fields.get("Section"));
        assertTrue(fields.get("Depends").startsWith("default-jre-headless (>= 2:1.17) | java17-runtime-headless"),
                fields.get("Depends"));
        assertEquals("mail-transport-agent", fields.get("Provides"));
        assertEquals("mail-transport-agent", fields.get("Conflicts"));
        assertEquals("mail-transport-agent", fields.get("Replaces"));
        assertTrue(fields.get("Version").startsWith(System.getProperty("mta.version").replace("-SNAPSHOT", "")),
                fields.get("Version"));
        Result info = run(List.of("dpkg-deb", "-I", deb.toString()), null);
        assertEquals(0, info.exit(), info.output());
        for (String script : List.of("postinst", "prerm", "postrm", "conffiles")) {
            assertTrue(info.output().contains(" " + script), script + " in " + info.output());
        }
    }

    @Test
    void maintainerScriptsParseAndConfigurationIsAConffile() throws Exception {
        Path control = tmp.resolve("control");
        Result extract = run(List.of("dpkg-deb", "-e", deb.toString(), control.toString()), null);
        assertEquals(0, extract.exit(), extract.output());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path file = control.resolve(script);
            assertTrue(Files.isExecutable(file), script);
            Result syntax = run(List.of("sh", "-n", file.toString()), null);
            assertEquals(0, syntax.exit(), script + ": " + syntax.output());
        }
        assertEquals(List.of("/etc/mta/mta.properties", "/etc/mta/aliases"),
                Files.readAllLines(control.resolve("conffiles")));
        String postinst = Files.readString(control.resolve("postinst"));
        assertTrue(postinst.contains("adduser --system --group"), postinst);
        assertTrue(postinst.contains("chmod 0640 /etc/mta/users"), postinst);
        String postrm = Files.readString(control.resolve("postrm"));
        assertTrue(postrm.contains("purge)") && postrm.contains("rm -rf /var/spool/mta /var/lib/mta"), postrm);
        assertTrue(postrm.indexOf("rm -rf /var/spool") > postrm.indexOf("purge)"), "only purge removes the spool");
    }

    @Test
    void theUnpackedTreeChecksItsOwnConfigurationAndItsSendmailAndMailqWorkWithTheDaemonDown() throws Exception {
        Path root = tmp.resolve("root");
        Result unpack = run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), null);
        assertEquals(0, unpack.exit(), unpack.output());
        // The packaged configuration with its absolute paths moved under the throwaway root.
        String packaged = Files.readString(root.resolve("etc/mta/mta.properties"));
        String moved = packaged.replace("/etc/mta/", root + "/etc/mta/").replace("/var/", root + "/var/")
                .replace("/run/mta/", root + "/run/mta/");
        Path config = Files.writeString(root.resolve("etc/mta/test.properties"), moved);

        Result check = run(List.of(root.resolve("usr/bin/mta").toString(), "check-config", "--config",
                config.toString()), null);
        assertEquals(0, check.exit(), check.output());
        assertTrue(check.output().lines().anyMatch(l -> l.startsWith("submission.socket ")
                && l.endsWith("= " + root + "/run/mta/submit.sock")), check.output());

        Path message = Files.writeString(tmp.resolve("message"), "Subject: cron\n\nhello\n");
        Result sendmail = run(List.of(root.resolve("usr/sbin/sendmail").toString(), "-C", config.toString(), "-oi",
                "root"), message);
        assertEquals(75, sendmail.exit(), sendmail.output());
        assertTrue(sendmail.output().contains("sendmail: cannot reach the mta daemon at " + root
                + "/run/mta/submit.sock"), sendmail.output());

        // mailq with the daemon stopped reads the (empty) spool itself.
        Files.createDirectories(root.resolve("var/spool/mta/log"));
        Result mailq = run(List.of(root.resolve("usr/bin/mailq").toString(), "--config", config.toString()), null);
        assertEquals(0, mailq.exit(), mailq.output());
        assertEquals("Mail queue is empty", mailq.output().strip());
    }

    private record Result(int exit, String output) {
    }

    /** Runs a command with stderr merged into stdout; the wait is a guard against a hang, not a measurement. */
    private Result run(List<String> command, Path stdin) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().remove("MTA_JAVA_OPTS");
        builder.environment().remove("MTA_CONFIG");
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        }
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(ChildProcess.GUARD.toSeconds(), TimeUnit.SECONDS), "still running: " + command);
        return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
