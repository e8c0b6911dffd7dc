package dev.mta.daemon;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The distribution built in the package phase: its layout, and its POSIX sh launcher {@code bin/mta}. */
class LauncherIT {

    @TempDir
    Path tmp;

    private Path distribution;
    private String version;

    @BeforeEach
    void findDistribution() {
        String configured = System.getProperty("mta.distribution");
        assumeTrue(configured != null, "run by failsafe after the package phase, which sets mta.distribution");
        distribution = Path.of(configured);
        version = System.getProperty("mta.version");
    }

    @Test
    void holdsLauncherLibrariesAndUnitInDirectoryAndTarball() throws Exception {
        assertTrue(Files.isExecutable(distribution.resolve("bin/mta")));
        assertTrue(Files.isRegularFile(distribution.resolve("lib/mta-daemon-" + version + ".jar")));
        assertTrue(Files.isRegularFile(distribution.resolve("lib/logback-classic-" + logbackVersion() + ".jar")));
        assertTrue(Files.isRegularFile(distribution.resolve("systemd/mta.service")));

        Process tar = new ProcessBuilder("tar", "tzf", distribution.resolveSibling("mta-" + version + ".tar.gz")
                .toString()).redirectErrorStream(true).start();
        List<String> entries = new String(tar.getInputStream().readAllBytes()).lines().toList();
        assertEquals(0, tar.waitFor());
        String base = "mta-" + version + "/";
        assertTrue(entries.contains(base + "bin/mta"), entries.toString());
        assertTrue(entries.contains(base + "lib/mta-daemon-" + version + ".jar"), entries.toString());
        assertTrue(entries.contains(base + "systemd/mta.service"), entries.toString());
        assertTrue(entries.stream().allMatch(entry -> entry.startsWith(base)), entries.toString());
    }

    @Test
    void versionComesFromTheJarManifest() throws Exception {
        try (ChildProcess mta = launcher(List.of("--version"), env -> { })) {
            assertEquals(0, mta.awaitExit(), mta.stderr());
            assertEquals("mta " + version, mta.stdout().get(0));
        }
    }

    @Test
    void worksThroughASymbolicLink() throws Exception {
        Path link = Files.createSymbolicLink(tmp.resolve("mta"), distribution.resolve("bin/mta"));
        try (ChildProcess mta = ChildProcess.start(tmp, List.of(link.toString(), "version"), this::realJava)) {
            assertEquals(0, mta.awaitExit(), mta.stderr());
            assertEquals("mta " + version, mta.stdout().get(0));
        } finally {
            Files.delete(link);
        }
    }

    @Test
    void mtaConfigIsTheDefaultConfigurationFile() throws Exception {
        Path config = TestConfigs.write(tmp, "invalid.properties");
        try (ChildProcess mta = launcher(List.of("check-config"), env -> env.put("MTA_CONFIG", config.toString()))) {
            assertEquals(2, mta.awaitExit());
            assertTrue(mta.stderr().contains(config + ": listener.smtp.role = relay"), mta.stderr());
        }
    }

    @Test
    void refusesJavaOlderThan17AskingTheRuntime() throws Exception {
        Path home = fakeJava("jdk11", "echo 'openjdk version \"11.0.22\" 2024-01-16' >&2");
        try (ChildProcess mta = launcher(List.of("version"), env -> env.put("JAVA_HOME", home.toString()))) {
            assertEquals(1, mta.awaitExit());
            assertEquals("mta: " + home + "/bin/java is Java 11.0.22; mta needs Java 17 or newer (set JAVA_HOME to a "
                    + "newer runtime)\n", mta.stderr());
        }
    }

    @Test
    void refusesJavaOlderThan17ReadingItsReleaseFile() throws Exception {
        // The release file answers, so this 'java' must never run.
        Path home = fakeJava("jdk8", "echo 'must not run' >&2; exit 99");
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"1.8.0_402\"\nOS_NAME=\"Linux\"\n");
        try (ChildProcess mta = launcher(List.of("version"), env -> env.put("JAVA_HOME", home.toString()))) {
            assertEquals(1, mta.awaitExit());
            assertTrue(mta.stderr().contains("is Java 1.8.0_402; mta needs Java 17 or newer"), mta.stderr());
        }
    }

    @Test
    void saysSoWhenJavaHomeHasNoJava() throws Exception {
        try (ChildProcess mta = launcher(List.of("version"), env -> env.put("JAVA_HOME", tmp.toString()))) {
            assertEquals(1, mta.awaitExit());
            assertTrue(mta.stderr().startsWith("mta: JAVA_HOME is " + tmp), mta.stderr());
        }
    }

    private ChildProcess launcher(List<String> args, Consumer<Map<String, String>> env) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(distribution.resolve("bin/mta").toString());
        command.addAll(args);
        return ChildProcess.start(tmp, command, environment -> {
            realJava(environment);
            environment.remove("MTA_CONFIG");
            env.accept(environment);
        });
    }

    private void realJava(Map<String, String> environment) {
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.remove("MTA_JAVA_OPTS");
    }

    private Path fakeJava(String name, String body) throws Exception {
        Path java = tmp.resolve(name + "/bin/java");
        Files.createDirectories(java.getParent());
        Files.writeString(java, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return java.getParent().getParent();
    }

    private static String logbackVersion() {
        return ch.qos.logback.classic.LoggerContext.class.getPackage().getImplementationVersion();
    }
}
