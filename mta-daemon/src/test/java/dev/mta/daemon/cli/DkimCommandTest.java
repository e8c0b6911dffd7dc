package dev.mta.daemon.cli;

import dev.mta.dkim.BodyCanonicalizer;
import dev.mta.dkim.DkimKeyGenerator;
import dev.mta.dkim.DkimPublicRecord;
import dev.mta.dkim.DkimSigner;
import dev.mta.dkim.HeaderField;
import dev.mta.dkim.PemKeys;
import dev.mta.dkim.SigningKey;
import dev.mta.testkit.dns.LoopbackDnsServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code mta dkim keygen|check|verify} through picocli, as the command line runs them, against a loopback DNS. */
class DkimCommandTest {

    private static final String NAME = "s1._domainkey.example.test";

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private LoopbackDnsServer dns;

    @BeforeEach
    void startDns() throws IOException {
        dns = LoopbackDnsServer.start();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private int run(String... args) {
        CommandLine cmd = new CommandLine(new MtaCommand());
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        return cmd.execute(args);
    }

    private Path config() throws IOException {
        return Files.writeString(dir.resolve("mta.properties"), "hostname = mx.example.test\n"
                + "state.directory = " + dir.resolve("state") + "\n"
                + "queue.directory = " + dir.resolve("spool") + "\n"
                + "listeners = smtp\n"
                + "listener.smtp.address = 127.0.0.1:2525\n"
                + "tls.self-signed-if-missing = true\n"
                + "dkim.example.test.s1.key = " + dir.resolve("state/dkim/example.test.s1.pem") + "\n");
    }

    @Test
    void keygenWritesAPrivateKeyAndPrintsTheRecordItsZoneLineAndTheConfigurationLine() throws Exception {
        Path file = dir.resolve("k.pem");

        int code = run("dkim", "keygen", "--domain", "Example.TEST", "--selector", "s1", "--out", file.toString());

        assertEquals(0, code, err::toString);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        String pem = Files.readString(file);
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"), pem);
        DkimPublicRecord record = DkimPublicRecord.of(PemKeys.publicKeyOf(PemKeys.parse(pem)));
        List<String> lines = Arrays.asList(out.toString().split("\\R"));
        assertTrue(lines.contains("Publish this TXT record at " + NAME + ":"), out::toString);
        assertEquals(2, record.strings().size(), "a 2048-bit RSA record needs two strings");
        for (String piece : record.strings()) {
            assertTrue(piece.length() <= 255);
            assertTrue(lines.contains("  \"" + piece + "\""), out::toString);
        }
        assertTrue(lines.contains(record.zoneFileLine("s1", "example.test")), out::toString);
        assertTrue(lines.contains("dkim.example.test.s1.key = " + file.toAbsolutePath()), out::toString);
    }

    @Test
    void asRootKeygenGivesTheKeyToTheMtaUserWhenThereIsOne() throws Exception {
        Path file = dir.resolve("k.pem");
        Files.writeString(dir.resolve("probe"), "");
        assumeTrue(Integer.valueOf(0).equals(Files.getAttribute(dir.resolve("probe"), "unix:uid")),
                "only root can give a file to another user");
        Optional<UserPrincipal> mta;
        try {
            mta = Optional.of(dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mta"));
        } catch (UserPrincipalNotFoundException e) {
            mta = Optional.empty();
        }

        int code = run("dkim", "keygen", "--domain", "example.test", "--selector", "s1", "--type", "ed25519",
                "--out", file.toString());

        assertEquals(0, code, err::toString);
        if (mta.isPresent()) {
            assertEquals(mta.get(), Files.getOwner(file));
            assertTrue(out.toString().contains("(mode 0600, owned by mta)"), out::toString);
        } else {
            assertEquals("root", Files.getOwner(file).getName());
            assertTrue(out.toString().contains("owned by root: there is no user mta"), out::toString);
        }
    }

    @Test
    void keygenNeverReplacesAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("k.pem"), "precious\n");

        int code = run("dkim", "keygen", "--domain", "example.test", "--selector", "s1", "--type", "ed25519",
                "--out", file.toString());

        assertEquals(1, code);
        assertTrue(err.toString().contains("exists"), err::toString);
        assertEquals("precious\n", Files.readString(file));
    }

    @Test
    void keygenWritesUnderTheStateDirectoryByDefault() throws Exception {
        Path config = config();

        int code = run("dkim", "keygen", "--domain", "example.test", "--selector", "s1", "--type", "ed25519",
                "--config", config.toString());

        assertEquals(0, code, err::toString);
        Path file = dir.resolve("state/dkim/example.test.s1.pem");
        assertTrue(PemKeys.read(file).getAlgorithm().startsWith("Ed"), "an Ed25519 key");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
        assertTrue(out.toString().contains("k=ed25519; p="), out::toString);
    }

    @ParameterizedTest(name = "[{index}] {0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--bits     | 1024",
        "--type     | dsa",
        "--selector | two.labels",
        "--domain   | not_a..domain",
    })
    void keygenRefusesBadOptionsAsAUsageError(String option, String value) {
        List<String> args = new ArrayList<>(List.of("dkim", "keygen", "--out", dir.resolve("k.pem").toString()));
        if (!option.equals("--domain")) {
            args.addAll(List.of("--domain", "example.test"));
        }
        if (!option.equals("--selector")) {
            args.addAll(List.of("--selector", "s1"));
        }
        args.addAll(List.of(option, value));

        assertEquals(2, run(args.toArray(String[]::new)), out::toString);
        assertTrue(Files.notExists(dir.resolve("k.pem")));
    }

    /** What DNS publishes at the name: OURS, OTHER (another key), REVOKED, BAD (not a key record), NONE, SERVFAIL. */
    @ParameterizedTest(name = "[{index}] {0}: {2}")
    @CsvSource(delimiter = '|', value = {
        "OURS     | 0 | ok",
        "NONE     | 1 | missing",
        "OTHER    | 1 | wrong key",
        "REVOKED  | 1 | revoked",
        "BAD      | 1 | syntax error",
        "SERVFAIL | 1 | temporary DNS failure",
    })
    void checkSaysWhetherThePublishedRecordMatchesTheConfiguredKey(String published, int exit, String verdict)
            throws Exception {
        Path config = config();
        assertEquals(0, run("dkim", "keygen", "--domain", "example.test", "--selector", "s1", "--type", "ed25519",
                "--config", config.toString()), err::toString);
        PublicKey ours = PemKeys.publicKeyOf(PemKeys.read(dir.resolve("state/dkim/example.test.s1.pem")));
        switch (published) {
            case "OURS" -> dns.txt(NAME, DkimPublicRecord.of(ours).strings().toArray(String[]::new));
            case "OTHER" -> dns.txt(NAME, DkimPublicRecord.of(new DkimKeyGenerator(new SecureRandom())
                    .generate(DkimKeyGenerator.Kind.ED25519).getPublic()).text());
            case "REVOKED" -> dns.txt(NAME, "v=DKIM1; k=ed25519; p=");
            case "BAD" -> dns.txt(NAME, "v=DKIM1; k=ed25519; p=@@@");
            case "SERVFAIL" -> dns.servfail(NAME);
            case "NONE" -> dns.nxdomain(NAME);
            default -> throw new IllegalArgumentException(published);
        }
        out.getBuffer().setLength(0);

        int code = run("dkim", "check", "--domain", "example.test", "--selector", "s1",
                "--dns", dns.hostAndPort().toString(), "--config", config.toString());

        assertEquals(exit, code, () -> out + "\n" + err);
        assertTrue(out.toString().startsWith(NAME + ": " + verdict + " ("), out::toString);
    }

    @Test
    void checkOfASelectorThatIsNotConfiguredIsAUsageError() throws Exception {
        int code = run("dkim", "check", "--domain", "example.test", "--selector", "nope",
                "--dns", dns.hostAndPort().toString(), "--config", config().toString());

        assertEquals(2, code);
        assertTrue(err.toString().contains("dkim.example.test.nope.key"), err::toString);
    }

    @Test
    void verifyPrintsOneLinePerSignatureAndPassesWhenOneVerifies() throws Exception {
        DkimKeyGenerator generator = new DkimKeyGenerator(new SecureRandom());
        KeyPair good = generator.generate(DkimKeyGenerator.Kind.ED25519);
        KeyPair unpublished = generator.generate(DkimKeyGenerator.Kind.ED25519);
        dns.txt(NAME, DkimPublicRecord.of(good.getPublic()).text());
        dns.txt("s2._domainkey.example.test", DkimPublicRecord.of(good.getPublic()).text());
        String message = "From: a@example.test\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello.\r\n";
        // s2's record holds another key than the one that signed: that signature fails, s1's passes.
        byte[] signed = sign(message, new SigningKey("example.test", "s1", good.getPrivate()),
                new SigningKey("example.test", "s2", unpublished.getPrivate()));
        // Saved with LF line ends, as most tools save mail: the command restores CRLF.
        Path file = Files.writeString(dir.resolve("msg.eml"),
                new String(signed, StandardCharsets.UTF_8).replace("\r\n", "\n"));

        int code = run("dkim", "verify", "--dns", dns.hostAndPort().toString(), file.toString());

        assertEquals(0, code, () -> out + "\n" + err);
        List<String> lines = Arrays.asList(out.toString().split("\\R"));
        assertEquals(2, lines.size(), out::toString);
        assertTrue(lines.contains("Authentication-Results: msg.eml; dkim=pass header.d=example.test header.s=s1"
                + " header.a=ed25519-sha256"), out::toString);
        assertTrue(lines.stream().anyMatch(l -> l.contains("dkim=fail") && l.contains("header.s=s2")),
                out::toString);
    }

    @Test
    void verifyFailsWhenNoSignaturePasses() throws Exception {
        Path file = Files.writeString(dir.resolve("my msg.eml"), "From: a@example.test\r\n\r\nunsigned\r\n");

        int code = run("dkim", "verify", "--dns", dns.hostAndPort().toString(), file.toString());

        assertEquals(1, code, () -> out + "\n" + err);
        assertTrue(out.toString().startsWith("Authentication-Results: \"my msg.eml\"; dkim=none"), out::toString);
    }

    private static byte[] sign(String message, SigningKey... keys) throws Exception {
        DkimSigner signer = DkimSigner.relaxed(Clock.systemUTC());
        int split = message.indexOf("\r\n\r\n") + 2;
        List<HeaderField> headers = new ArrayList<>();
        for (String line : message.substring(0, split).split("(?<=\r\n)")) {
            headers.add(HeaderField.of(line));
        }
        BodyCanonicalizer body = signer.newBodyHasher();
        byte[] bodyBytes = message.substring(split + 2).getBytes(StandardCharsets.UTF_8);
        body.update(bodyBytes, 0, bodyBytes.length);
        byte[] fields = signer.sign(headers, body.finish(), List.of(keys));
        byte[] all = Arrays.copyOf(fields, fields.length + message.length());
        System.arraycopy(message.getBytes(StandardCharsets.UTF_8), 0, all, fields.length, message.length());
        return all;
    }
}
