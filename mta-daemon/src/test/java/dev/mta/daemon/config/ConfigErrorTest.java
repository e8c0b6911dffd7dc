package dev.mta.daemon.config;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.mta.daemon.config.ConfigFiles.changes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each kind of configuration error, and that the message names the file, the key and the value. */
class ConfigErrorTest {

    @TempDir
    Path dir;

    static Stream<Arguments> oneError() {
        return Stream.of(
                // unknown keys, with suggestions, also for family keys
                Arguments.of(changes("hostnme", "x.example"), "hostnme: unknown key; did you mean `hostname`?"),
                Arguments.of(changes("queue.lifetme", "5d"),
                        "queue.lifetme: unknown key; did you mean `queue.lifetime`?"),
                Arguments.of(changes("listner.smtp.port", "25"),
                        "listner.smtp.port: unknown key; did you mean `listener.smtp.address`?"),
                Arguments.of(changes("listener.smtp.adress", "127.0.0.1:25"),
                        "listener.smtp.adress: unknown key; did you mean `listener.smtp.address`?"),
                Arguments.of(changes("rout.example.com", "[10.0.0.5]:25"),
                        "rout.example.com: unknown key; did you mean `route.example.com`?"),
                Arguments.of(changes("dkim.example.com.s1.kye", "/k.pem"),
                        "dkim.example.com.s1.kye: unknown key; did you mean `dkim.example.com.s1.key`?"),
                Arguments.of(changes("domain.example.test.recipient", "/r"),
                        "domain.example.test.recipient: unknown key; did you mean `domain.example.test.recipients`?"),
                Arguments.of(changes("completely.unrelated.thing", "1"), "completely.unrelated.thing: unknown key"),
                // a family key whose variable part is invalid
                Arguments.of(changes("route.exa_mple.com", "[10.0.0.5]:25"),
                        "route.exa_mple.com: key of route.<domain>: <domain> 'exa_mple.com' is not valid"),
                // bad values name key and value, and say what is allowed
                Arguments.of(changes("listener.smtp.address", "127.0.0.1:99999"),
                        "listener.smtp.address = 127.0.0.1:99999: port must be 0..65535"),
                Arguments.of(changes("listener.smtp.address", "mail.example.test:25"),
                        "listener.smtp.address = mail.example.test:25: a listener binds to an IP address"),
                Arguments.of(changes("limits.message-size", "10 MB"),
                        "limits.message-size = 10 MB: unit 'MB' is ambiguous"),
                Arguments.of(changes("limits.message-size", "-5"), "limits.message-size = -5: must not be negative"),
                Arguments.of(changes("limits.message-size", "0"), "limits.message-size = 0: must be at least 1 byte"),
                Arguments.of(changes("limits.message-size", "99999999999999999999"),
                        "limits.message-size = 99999999999999999999: too large"),
                Arguments.of(changes("limits.recipients", "2147483648"),
                        "limits.recipients = 2147483648: too large; must be a whole number from 1 to 2147483647"),
                Arguments.of(changes("limits.recipients", "-1"), "limits.recipients = -1: must not be negative"),
                Arguments.of(changes("queue.lifetime", "5 days"), "queue.lifetime = 5 days: unknown unit 'days'"),
                Arguments.of(changes("timeout.command", "300"), "timeout.command = 300: needs a unit"),
                Arguments.of(changes("timeout.data", "0s"), "timeout.data = 0s: must be longer than zero"),
                Arguments.of(changes("relay.networks", "127.0.0.0/8, 10.0.0.1/8"),
                        "relay.networks = 127.0.0.0/8, 10.0.0.1/8: '10.0.0.1/8': host bits are set below the /8"
                                + " prefix; the network is 10.0.0.0/8"),
                Arguments.of(changes("relay.networks", "0.0.0.0/0"),
                        "relay.networks = 0.0.0.0/0: '0.0.0.0/0': /0 would let every client relay"),
                Arguments.of(changes("relay.networks", "10.0.0.0/8,,::1"),
                        "relay.networks = 10.0.0.0/8,,::1: empty item"),
                Arguments.of(changes("limits.send-rate-per-user", "1000"),
                        "limits.send-rate-per-user = 1000: must be a count and a period"),
                Arguments.of(changes("tls.self-signed-if-missing", "yes"),
                        "tls.self-signed-if-missing = yes: must be true or false"),
                Arguments.of(changes("listener.smtp.role", "mx"),
                        "listener.smtp.role = mx: must be one of: smtp, submission, submissions"),
                Arguments.of(changes("outbound.address-family", "ipv4"),
                        "outbound.address-family = ipv4: must be one of: ipv4-first, ipv6-first, ipv4-only, ipv6-only"),
                Arguments.of(changes("outbound.source-address", "mail.example.com"),
                        "outbound.source-address = mail.example.com: not an IPv4 address"),
                Arguments.of(changes("hostname", "mail.example.com."),
                        "hostname = mail.example.com.: write the domain name without a trailing dot"),
                Arguments.of(changes("domains", "example.test, EXAMPLE.test"),
                        "domains = example.test, EXAMPLE.test: 'EXAMPLE.test' is listed twice"),
                Arguments.of(changes("route.example.com", "2001:db8::5"),
                        "route.example.com = 2001:db8::5: an IPv6 address must be in brackets"),
                Arguments.of(changes("postmaster.address", "post master"),
                        "postmaster.address = post master: must be none, a local part"),
                Arguments.of(changes("hostname", "bad\\u0007name"),
                        "hostname = bad\\u0007name: must not contain control characters"),
                // required key
                Arguments.of(changes("hostname", null), "hostname: not set; it is required"),
                // environment
                Arguments.of(changes("relayhost", "[smtp.example.net]:587", "relayhost.username", "mta",
                                "relayhost.password", "${env:RELAY_PASSWORD}"),
                        "relayhost.password = ${env:RELAY_PASSWORD}: environment variable RELAY_PASSWORD is not set"),
                Arguments.of(changes("queue.directory", "${sys:user.home}/spool"),
                        "queue.directory = ${sys:user.home}/spool: ${sys:user.home}: only ${env:NAME} is supported"),
                Arguments.of(changes("queue.directory", "${env:HOME/spool"),
                        "queue.directory = ${env:HOME/spool: '${' without a closing '}'"),
                // rules across keys
                Arguments.of(changes("listeners", "smtp, relay", "listener.relay.role", "smtp"),
                        "listeners = smtp, relay: listener relay has no address: set listener.relay.address"),
                Arguments.of(changes("listeners", "smtp, relay", "listener.relay.address", "127.0.0.1:10025"),
                        "listeners = smtp, relay: listener relay has no role: set listener.relay.role"),
                Arguments.of(changes("listener.submission.address", "127.0.0.1:587"),
                        "listener.submission.address: listener submission is not in listeners (smtp)"),
                Arguments.of(changes("listeners", "smtp, submission", "listener.smtp.address", "127.0.0.1:2525",
                                "listener.submission.address", "127.0.0.1:2525"),
                        "listener.submission.address = 127.0.0.1:2525: conflicts with listener.smtp.address ="
                                + " 127.0.0.1:2525"),
                Arguments.of(changes("listeners", "smtp, submission", "listener.smtp.address", "127.0.0.1:2525",
                                "listener.submission.address", "[::]:2525"),
                        "listener.submission.address = [::]:2525: conflicts with listener.smtp.address"),
                Arguments.of(changes("listeners", "smtp, submission", "listener.smtp.address", null,
                                "listener.submission.address", "0.0.0.0:25"),
                        "listener.submission.address = 0.0.0.0:25: conflicts with"
                                + " listener.smtp.address = 0.0.0.0:25 (default)"),
                Arguments.of(changes("tls.self-signed-if-missing", "false"),
                        "tls.certificate = \"\": no certificate, and tls.self-signed-if-missing is false, but"
                                + " listener smtp offers STARTTLS"),
                Arguments.of(changes("tls.key", "/etc/mta/tls/key.pem"),
                        "tls.certificate = \"\": empty while tls.key is set; set both, or neither"),
                Arguments.of(changes("domain.example.org.recipients", "/etc/mta/r"),
                        "domain.example.org.recipients: example.org is not an accepted domain"),
                Arguments.of(changes("queue.delay-warning", "5d"),
                        "queue.delay-warning = 5d: must be shorter than queue.lifetime (5d)"),
                Arguments.of(changes("retry.first-delay", "2h"),
                        "retry.first-delay = 2h: must not be longer than retry.max-delay (1h)"),
                Arguments.of(changes("relayhost.username", "mta"),
                        "relayhost.username = mta: set, but relayhost is empty"),
                Arguments.of(changes("relayhost", "[smtp.example.net]:587", "relayhost.username", "mta"),
                        "relayhost.username = mta: needs relayhost.password or relayhost.password.file"),
                Arguments.of(changes("relayhost", "[smtp.example.net]:587", "relayhost.password", "hunter2"),
                        "relayhost.password = ********: set, but relayhost.username is empty"),
                Arguments.of(changes("route.example.com", "[10.0.0.5]:25", "route.EXAMPLE.com", "[10.0.0.6]:25"),
                        "route.EXAMPLE.com: a second route for example.com"),
                Arguments.of(changes("tls.sni.mail.example.org.certificate", "/etc/mta/org.pem"),
                        "tls.sni.mail.example.org.certificate: no key: set tls.sni.mail.example.org.key too"),
                Arguments.of(changes("tls.sni.mail.example.org.key", "/etc/mta/org.key"),
                        "tls.sni.mail.example.org.key: no certificate: set tls.sni.mail.example.org.certificate too"),
                Arguments.of(changes("tls.sni.mail.example.org.certificate", "/c", "tls.sni.mail.example.org.key",
                                "/k", "tls.sni.MAIL.example.org.certificate", "/c2"),
                        "tls.sni.MAIL.example.org.certificate: a second key for mail.example.org"),
                Arguments.of(changes("smtpd.greeting-delay", "5m"),
                        "smtpd.greeting-delay = 5m: must be shorter than timeout.command (5m)"),
                Arguments.of(changes("limits.messages-per-connection", "0"),
                        "limits.messages-per-connection = 0: "),
                // the file itself
                Arguments.of(changes("include", "other.properties"), "include: not supported: mta reads one file"));
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @MethodSource("oneError")
    void reportsTheErrorWithFileKeyAndValue(Map<String, String> changes, String expected) {
        Path file = ConfigFiles.write(dir, "x.properties", ConfigFiles.base(dir), changes);
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(1, e.errors().size(), () -> "expected one error, got " + e.errors());
        String error = e.errors().get(0);
        assertTrue(error.startsWith(file + ": " + expected), () -> "\n got: " + error + "\nwant: " + file + ": "
                + expected + "...");
        assertFalse(error.contains("\n"), "one line per error");
    }

    @Test
    void theBaseConfigurationIsValid() throws ConfigException {
        Path file = ConfigFiles.write(dir, "x.properties", ConfigFiles.base(dir), Map.of());
        assertEquals("mx.example.test", ConfigLoader.load(file, Map.of()).hostname());
    }

    @Test
    void collectsEveryErrorInsteadOfStoppingAtTheFirst() {
        Path file = ConfigFiles.write(dir, "x.properties", ConfigFiles.base(dir), changes(
                "hostnme", "a", "listener.smtp.address", "127.0.0.1:99999", "limits.message-size", "1.5MiB",
                "queue.lifetime", "forever", "relay.networks", "10.0.0.1/8"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        List<String> errors = e.errors();
        assertEquals(5, errors.size(), errors::toString);
        for (String key : List.of("hostnme", "listener.smtp.address", "limits.message-size", "queue.lifetime",
                "relay.networks")) {
            assertTrue(errors.stream().anyMatch(m -> m.startsWith(file + ": " + key)), key + " in " + errors);
        }
        assertEquals(String.join(System.lineSeparator(), errors), e.getMessage());
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingBothLines() {
        Path file = ConfigFiles.writeText(dir, "x.properties", "hostname = a.example\nhostname = b.example\n"
                + "listeners =\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(List.of(file + ": hostname: set twice (lines 1 and 2); keep one"), e.errors());
    }

    @Test
    void aSecretIsMaskedInErrors() {
        Path file = ConfigFiles.write(dir, "x.properties", ConfigFiles.base(dir), changes(
                "relayhost.password", "hunter2"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("relayhost.password = ********"), e.getMessage());
    }

    @Test
    void aMissingFileIsAnErrorNamingIt() {
        Path file = dir.resolve("absent.properties");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(List.of(file + ": cannot read the configuration file: no such file"), e.errors());
    }

    @Test
    void anUnreadableFileIsAnErrorNamingIt() throws Exception {
        Path file = ConfigFiles.write(dir, "x.properties", ConfigFiles.base(dir), Map.of());
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file),
                "the test runs as root, who can read a file with mode 000: no permission error to see");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(List.of(file + ": cannot read the configuration file: permission denied"), e.errors());
    }

    @Test
    void aListenerErrorDoesNotHideTheCertificateErrorOfTheOthers() {
        Path file = ConfigFiles.write(dir, "x.properties", ConfigFiles.base(dir), changes(
                "listeners", "smtp, submission", "listener.submission.address", "127.0.0.1:99999",
                "tls.self-signed-if-missing", "false"));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(List.of(
                file + ": listener.submission.address = 127.0.0.1:99999: port must be 0..65535",
                file + ": tls.certificate = \"\": no certificate, and tls.self-signed-if-missing is false, but listener"
                        + " smtp offers STARTTLS (RFC 3207): set tls.certificate and tls.key, or"
                        + " tls.self-signed-if-missing = true"), e.errors());
    }

    @Test
    void aDirectoryIsAnErrorNamingIt() {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir, Map.of()));
        assertEquals(List.of(dir + ": cannot read the configuration file: it is a directory"), e.errors());
    }

    @Test
    void aFileThatIsNotUtf8IsAnErrorNamingIt() throws Exception {
        Path file = dir.resolve("latin1.properties");
        Files.write(file, new byte[] {'h', 'o', 's', 't', 'n', 'a', 'm', 'e', '=', (byte) 0xe9, '\n'});
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(List.of(file + ": cannot read the configuration file: it is not UTF-8"), e.errors());
    }

    @Test
    void aMalformedEscapeIsAnErrorNamingTheFile() {
        Path file = ConfigFiles.writeText(dir, "x.properties", "hostname = a\\u00zzb\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));
        assertEquals(1, e.errors().size());
        assertTrue(e.errors().get(0).startsWith(file + ": cannot read the configuration file: "), e.errors()::toString);
    }
}
