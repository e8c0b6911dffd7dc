package dev.mta.daemon.cli;

import dev.mta.daemon.TestConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code mta run} through picocli, as Main runs it, for every way a start can fail before it serves. */
class RunCommandTest {

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void configurationErrorsAreAllReportedWithStatus2() {
        Path config = TestConfigs.write(tmp, "invalid.properties");

        assertEquals(2, mta("run", "--config", config.toString()));

        String errors = err.toString();
        assertTrue(errors.contains(config + ": listener.smtp.role = relay: must be one of: smtp, submission, submissions"), errors);
        assertTrue(errors.contains(config + ": listener.smtp.address = 127.0.0.1: needs a port"), errors);
        assertTrue(errors.contains(config + ": tls.self-signed-if-missng: unknown key; did you mean `tls.self-signed-if-missing`?"), errors);
        assertFalse(Files.exists(tmp.resolve("state")), "nothing is created for a configuration that is wrong");
    }

    @Test
    void missingConfigurationFileIsStatus2() {
        Path config = tmp.resolve("absent.properties");

        assertEquals(2, mta("run", "-c", config.toString()));

        assertTrue(err.toString().startsWith(config + ": cannot read"), err.toString());
    }

    @Test
    void stateDirectoryThatCannotBeCreatedIsStatus1() throws Exception {
        // A path below a regular file cannot be created by anyone, root included.
        Files.writeString(tmp.resolve("regular-file"), "not a directory");
        Path config = TestConfigs.write(tmp, "state-under-file.properties");

        assertEquals(1, mta("run", "--config", config.toString()));

        assertEquals("mta: state directory " + tmp.resolve("regular-file/state") + ": cannot create it: Not a directory"
                + System.lineSeparator(), err.toString());
    }

    @Test
    void unusableCertificateIsStatus2AndNamesTheFile() throws Exception {
        Files.writeString(tmp.resolve("cert.pem"), "not a certificate\n");
        Files.writeString(tmp.resolve("key.pem"), "not a key\n");
        Path config = TestConfigs.write(tmp, "bad-certificate.properties");

        assertEquals(2, mta("run", "--config", config.toString()));

        assertTrue(err.toString().startsWith("mta: TLS: " + tmp.resolve("cert.pem") + ": no certificate found"),
                err.toString());
        assertEquals("not a certificate\n", Files.readString(tmp.resolve("cert.pem")), "never overwritten");
    }

    @Test
    void usageErrorsAreStatus2() {
        assertEquals(2, mta("run", "--no-such-option"));
        assertEquals(2, mta("no-such-command"));
        assertEquals(2, mta(), "mta without a command");
        assertTrue(err.toString().contains("Usage: mta"), err.toString());
    }

    @Test
    void versionAndHelpAreStatus0() {
        assertEquals(0, mta("--version"));
        assertEquals(0, mta("version"));
        assertEquals(0, mta("--help"));
        assertEquals(0, mta("run", "--help"));

        String printed = out.toString();
        assertTrue(printed.startsWith("mta "), printed);
        assertTrue(printed.contains("Java " + Runtime.version()), printed);
        assertTrue(printed.contains("Usage: mta run [-hV] [-c=FILE]"), printed);
    }

    private int mta(String... args) {
        CommandLine commandLine = new CommandLine(new MtaCommand());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
