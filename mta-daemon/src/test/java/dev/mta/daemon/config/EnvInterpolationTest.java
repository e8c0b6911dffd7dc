package dev.mta.daemon.config;

import dev.mta.core.config.Secret;
import dev.mta.delivery.PasswordSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.mta.daemon.config.ConfigFiles.changes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code ${env:VAR}} interpolation, with the environment given as a map. */
class EnvInterpolationTest {

    @TempDir
    Path dir;

    private final Map<String, String> env = Map.of("MTA_HOST", "mx.example.test", "SPOOL", "/srv/spool",
            "TRICKY", "a${env:SPOOL}b$${c}d$", "EMPTY", "");

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "${env:TRICKY}             | a${env:SPOOL}b$${c}d$",
            "x${env:TRICKY}${env:TRICKY} | xa${env:SPOOL}b$${c}d$a${env:SPOOL}b$${c}d$",
            "pre-${env:SPOOL}-post     | pre-/srv/spool-post",
            "$${env:SPOOL}             | ${env:SPOOL}",
            "pa$$word                  | pa$$word",
            "${env:EMPTY}x             | x",
            "no variables              | no variables",
    })
    void replacesVariablesAndTakesTheirValuesVerbatim(String raw, String expected) {
        EnvInterpolator.Result r = new EnvInterpolator(env).interpolate(raw);
        assertEquals(List.of(), r.problems());
        assertEquals(expected, r.value());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "${env:NOPE}            | environment variable NOPE is not set",
            "${env:BAD-NAME}        | ${env:BAD-NAME}: not a valid environment variable name",
            "${hostname}            | ${hostname}: only ${env:NAME} is supported (write $${ for a literal ${)",
            "${sys:user.home}       | ${sys:user.home}: only ${env:NAME} is supported (write $${ for a literal ${)",
            "${file:UTF-8:/etc/passwd} | ${file:UTF-8:/etc/passwd}: only ${env:NAME} is supported"
                    + " (write $${ for a literal ${)",
            "${env:SPOOL            | '${' without a closing '}' (write $${ for a literal ${)",
    })
    void reportsWhatCannotBeInterpolated(String raw, String problem) {
        assertEquals(List.of(problem), new EnvInterpolator(env).interpolate(raw).problems());
    }

    @Test
    void aConfigurationTakesValuesFromTheGivenEnvironment() throws ConfigException {
        Path file = ConfigFiles.write(dir, "x.properties", ConfigFiles.base(dir), changes(
                "hostname", "${env:MTA_HOST}", "queue.directory", "${env:SPOOL}/mta",
                "relayhost", "[smtp.example.net]:587", "relayhost.username", "mta",
                "relayhost.password", "${env:TRICKY}"));
        MtaConfig config = ConfigLoader.load(file, env);
        assertEquals("mx.example.test", config.hostname());
        assertEquals(Path.of("/srv/spool/mta"), config.queue().directory());
        PasswordSource password = config.delivery().relayhost().orElseThrow().auth().orElseThrow().password();
        assertEquals(new PasswordSource.Literal(new Secret("a${env:SPOOL}b$${c}d$")), password);
    }

    @Test
    void aMissingVariableNamesTheKeyAndTheVariable() {
        Path file = ConfigFiles.write(dir, "x.properties", ConfigFiles.base(dir), changes(
                "queue.directory", "${env:MTA_SPOOL_DIR}"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(List.of(file + ": queue.directory = ${env:MTA_SPOOL_DIR}: environment variable MTA_SPOOL_DIR"
                + " is not set"), e.errors());
    }
}
