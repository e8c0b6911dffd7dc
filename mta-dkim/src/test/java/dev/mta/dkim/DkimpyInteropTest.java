package dev.mta.dkim;

import io.netty.buffer.Unpooled;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.EdECPrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our RSA and Ed25519 signatures checked by dkimpy (Debian's python3-dkim), and dkimpy's signatures checked by
 * our verifier. dkimpy is run as a process with a lookup function that answers from a file, so no DNS is used.
 * When python3-dkim is missing the tests are skipped with that reason (CI installs it).
 */
class DkimpyInteropTest {

    private static final List<String> PYTHONS = List.of("/usr/bin/python3", "python3");
    private static String python;

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void findDkimpy() throws Exception {
        for (String candidate : PYTHONS) {
            try {
                Process p = new ProcessBuilder(candidate, "-c", "import dkim, nacl").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    python = candidate;
                    return;
                }
            } catch (IOException notThere) {
                // try the next one
            }
        }
    }

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** Every message and canonicalization of the signer's table, in one dkimpy run (Python starts slowly). */
    @Test
    void dkimpyVerifiesOurRsaAndEd25519Signatures() throws Exception {
        requireDkimpy();
        List<Arguments> cases = DkimSignerTest.messages().toList();
        List<String> files = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Object[] c = cases.get(i).get();
            byte[] message = (byte[]) c[1];
            DkimSigner signer = new DkimSigner(TestSupport.CLOCK, (Canonicalization) c[2], (Canonicalization) c[3],
                    Optional.empty(), DkimSigner.DEFAULT_HEADERS);
            BodyCanonicalizer hasher = signer.newBodyHasher();
            byte[] b = TestSupport.bodyOf(message);
            hasher.update(b, 0, b.length);
            byte[] signed = TestSupport.concat(signer.sign(TestSupport.headersOf(message), hasher.finish(),
                    List.of(DkimSignerTest.rsaKey(), DkimSignerTest.edKey())), message);
            files.add(write("signed-" + i, signed).toString());
            // A changed body must fail there too, so that a pass means something.
            files.add(write("changed-" + i, TestSupport.concat(signed, "\r\nx\r\n".getBytes(StandardCharsets.US_ASCII)))
                    .toString());
        }
        List<String> args = new ArrayList<>(List.of(records().toString()));
        args.addAll(files);
        List<String> results = run("dkimpy-verify.py", args.toArray(String[]::new)).lines().toList();
        assertEquals(files.size(), results.size());
        for (int i = 0; i < cases.size(); i++) {
            Object[] c = cases.get(i).get();
            String label = c[0] + " " + c[2] + "/" + c[3];
            assertEquals("pass pass", results.get(2 * i), label);
            assertEquals("fail fail", results.get(2 * i + 1), label + " changed");
        }
    }

    @Test
    void dkimpyVerifiesTheRfc8463Example() throws Exception {
        requireDkimpy();
        byte[] message = TestSupport.crlf(TestSupport.resource("rfc8463-signed.eml"));
        Path records = write("rfc8463-records", TestSupport.resource("rfc8463-records.txt")
                .getBytes(StandardCharsets.US_ASCII));
        assertEquals("pass pass", run("dkimpy-verify.py", records.toString(), write("m", message).toString()).strip());
    }

    /** dkimpy signs every message and canonicalization of the table with both algorithms; we verify. */
    @Test
    void ourVerifierAcceptsDkimpySignatures() throws Exception {
        requireDkimpy();
        Path rsaKey = write("rsa.pem", pkcs1Pem(TestSupport.Keys.RSA.getPrivate().getEncoded()));
        byte[] seed = ((EdECPrivateKey) TestSupport.Keys.ED25519.getPrivate()).getBytes().orElseThrow();
        Path edKey = write("ed.key", Base64.getEncoder().encode(seed));
        List<Arguments> cases = DkimSignerTest.messages().toList();
        StringBuilder jobs = new StringBuilder();
        for (int i = 0; i < cases.size(); i++) {
            Object[] c = cases.get(i).get();
            Path message = write("message-" + i, (byte[]) c[1]);
            String canon = ((Canonicalization) c[2]).tag() + " " + ((Canonicalization) c[3]).tag();
            jobs.append(message).append(" rsa example.com ").append(rsaKey).append(" rsa-sha256 ").append(canon)
                    .append(' ').append(dir.resolve("rsa-" + i)).append('\n');
            jobs.append(message).append(" ed example.com ").append(edKey).append(" ed25519-sha256 ").append(canon)
                    .append(' ').append(dir.resolve("ed-" + i)).append('\n');
        }
        run("dkimpy-sign.py", write("jobs", jobs.toString().getBytes(StandardCharsets.US_ASCII)).toString());

        DkimVerifier verifier = new DkimVerifier(new TestSupport.MapTxtLookup(Map.of(
                "rsa._domainkey.example.com", List.of(DkimSignerTest.record(TestSupport.Keys.RSA)),
                "ed._domainkey.example.com", List.of(DkimSignerTest.record(TestSupport.Keys.ED25519))), Set.of()),
                TestSupport.CLOCK, executor, 1 << 20);
        for (int i = 0; i < cases.size(); i++) {
            Object[] c = cases.get(i).get();
            byte[] fields = TestSupport.concat(Files.readAllBytes(dir.resolve("ed-" + i)),
                    Files.readAllBytes(dir.resolve("rsa-" + i)));
            byte[] signed = TestSupport.concat(fields, (byte[]) c[1]);
            List<DkimResult> results = verifier.verify(Unpooled.wrappedBuffer(signed)).toCompletableFuture().join();
            assertEquals(2, results.size());
            for (DkimResult r : results) {
                assertEquals(DkimResult.Status.PASS, r.status(), c[0] + " " + c[2] + "/" + c[3] + ": "
                        + r.toAuthenticationResults() + "\n" + new String(fields, StandardCharsets.US_ASCII));
            }
        }
    }

    private Path records() throws IOException {
        return write("records", ("rsa._domainkey.example.com " + DkimSignerTest.record(TestSupport.Keys.RSA) + "\n"
                + "ed._domainkey.example.com " + DkimSignerTest.record(TestSupport.Keys.ED25519) + "\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    private static void requireDkimpy() {
        assumeTrue(python != null, "python3-dkim (dkimpy) with python3-nacl is not installed: "
                + "apt-get install -y python3-dkim python3-nacl");
    }

    private String run(String script, String... args) throws Exception {
        Path scriptFile = write(script, TestSupport.resource(script).getBytes(StandardCharsets.UTF_8));
        List<String> command = new ArrayList<>(List.of(python, scriptFile.toString()));
        command.addAll(List.of(args));
        Path errors = dir.resolve(script + ".stderr");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "dkimpy did not finish");
        assertEquals(0, process.exitValue(), () -> readQuietly(errors));
        return out;
    }

    private Path write(String name, byte[] content) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    private static byte[] pkcs1Pem(byte[] pkcs8) throws IOException {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs1);
        return ("-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
