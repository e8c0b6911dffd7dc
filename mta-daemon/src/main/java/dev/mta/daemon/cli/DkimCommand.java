package dev.mta.daemon.cli;

import dev.mta.core.address.Domain;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.HostAndPort;
import dev.mta.core.dns.DnsResolver;
import dev.mta.core.dns.DnsResult;
import dev.mta.core.dns.DnsSettings;
import dev.mta.daemon.config.ConfigException;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.dkim.DkimKeyGenerator;
import dev.mta.dkim.DkimKeySettings;
import dev.mta.dkim.DkimParseException;
import dev.mta.dkim.DkimPublicRecord;
import dev.mta.dkim.DkimResult;
import dev.mta.dkim.DkimVerifier;
import dev.mta.dkim.PemKeys;
import dev.mta.dkim.PublishedKeyCheck;
import dev.mta.dkim.SigningKey;
import dev.mta.dkim.SigningStage;
import dev.mta.dkim.TxtLookup;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code mta dkim keygen|check|verify}: make a signing key and the DNS record to publish, check that the published
 * record matches the configured key, and verify the signatures of a message file. Exit status: 0 done, 1 the
 * operation failed (or the check or verification did not pass), 2 usage or configuration error.
 */
@Command(name = "dkim",
        description = "DKIM keys and signatures: keygen, check, verify.",
        subcommands = {DkimCommand.Keygen.class, DkimCommand.Check.class, DkimCommand.Verify.class})
public final class DkimCommand implements Callable<Integer> {

    private static final int OK = 0;
    private static final int FAILED = 1;
    private static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    /** {@code mta dkim} without a subcommand is a usage error. */
    @Override
    public Integer call() {
        spec.commandLine().getErr().println("mta dkim: keygen, check or verify?");
        spec.commandLine().usage(spec.commandLine().getErr());
        return USAGE;
    }

    /** {@code mta dkim keygen}: a new private key and what to publish and configure for it. */
    @Command(name = "keygen", description = {
        "Generate a signing key and print the DNS record to publish.",
        "Writes a PKCS#8 PEM file, mode 0600, and prints the TXT record in 255-octet strings, its zone-file line",
        "and the configuration line to add. Never replaces a file: exit 1 if it exists."})
    static final class Keygen implements Callable<Integer> {

        @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "the signing domain (d=)")
        private String domain;

        @Option(names = "--selector", required = true, paramLabel = "SELECTOR",
                description = "the selector (s=), one DNS label, e.g. mail2026")
        private String selector;

        @Option(names = "--type", defaultValue = "rsa", paramLabel = "rsa|ed25519",
                description = "the key type (default: ${DEFAULT-VALUE})")
        private String type;

        @Option(names = "--bits", defaultValue = "2048", paramLabel = "BITS",
                description = "RSA key size: 2048, 3072 or 4096 (default: ${DEFAULT-VALUE})")
        private int bits;

        @Option(names = "--out", paramLabel = "FILE",
                description = "where to write the key (default: <state.directory>/dkim/DOMAIN.SELECTOR.pem)")
        private Path out;

        @Mixin
        private ConfigFileOption config;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            Domain d = domain(spec, domain);
            requireSelector(spec, selector);
            DkimKeyGenerator.Kind kind = kind();
            Path file = out;
            if (file == null) {
                Optional<MtaConfig> loaded = loadConfig(config.file(), stderr);
                if (loaded.isEmpty()) {
                    return USAGE;
                }
                file = loaded.get().stateDirectory().resolve("dkim").resolve(d.ascii() + "." + selector + ".pem");
            }
            file = file.toAbsolutePath();
            if (Files.exists(file)) {
                stderr.println("mta dkim keygen: " + file + " exists; not replaced");
                stderr.flush();
                return FAILED;
            }
            DkimKeyGenerator generator = new DkimKeyGenerator(new SecureRandom());
            KeyPair pair = generator.generate(kind);
            String owner;
            try {
                boolean madeDirectory = Files.notExists(file.getParent());
                if (madeDirectory) {
                    // Only mta reads its keys: the directory is as private as the files in it.
                    Files.createDirectories(file.getParent(),
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                }
                generator.writePrivateKey(file, pair);
                owner = giveToMtaUser(file, madeDirectory);
            } catch (FileAlreadyExistsException e) {
                stderr.println("mta dkim keygen: " + file + " exists; not replaced");
                stderr.flush();
                return FAILED;
            } catch (IOException e) {
                stderr.println("mta dkim keygen: cannot write " + file + ": " + e);
                stderr.flush();
                return FAILED;
            }
            DkimPublicRecord record = DkimPublicRecord.of(pair.getPublic());
            String name = selector + "._domainkey." + d.ascii();
            stdout.println("Wrote the private key to " + file + " (mode 0600" + owner + ").");
            stdout.println();
            stdout.println("Publish this TXT record at " + name + ":");
            for (String piece : record.strings()) {
                stdout.println("  \"" + piece + "\"");
            }
            stdout.println();
            stdout.println("As a zone file line:");
            stdout.println(record.zoneFileLine(selector, d.ascii()));
            stdout.println();
            stdout.println("Then add this line to the configuration and restart mta:");
            stdout.println("dkim." + d.ascii() + "." + selector + ".key = " + file);
            stdout.println();
            stdout.println("Check the published record with: mta dkim check --domain " + d.ascii() + " --selector "
                    + selector);
            stdout.flush();
            return OK;
        }

        private DkimKeyGenerator.Kind kind() {
            return switch (type.toLowerCase(Locale.ROOT)) {
                case "ed25519" -> DkimKeyGenerator.Kind.ED25519;
                case "rsa" -> switch (bits) {
                    case 2048 -> DkimKeyGenerator.Kind.RSA_2048;
                    case 3072 -> DkimKeyGenerator.Kind.RSA_3072;
                    case 4096 -> DkimKeyGenerator.Kind.RSA_4096;
                    default -> throw new ParameterException(spec.commandLine(),
                            "--bits must be 2048, 3072 or 4096 (RFC 8301 section 3.2; larger keys do not fit"
                                    + " many DNS setups), not " + bits);
                };
                default -> throw new ParameterException(spec.commandLine(),
                        "--type must be rsa or ed25519, not " + type);
            };
        }

        /**
         * When run as root (the new file belongs to uid 0) and a user {@code mta} exists, the key goes to that
         * user, who runs the daemon and must read it. Returns what to say about it.
         */
        private static String giveToMtaUser(Path file, boolean directoryToo) throws IOException {
            Object uid = Files.getAttribute(file, "unix:uid");
            if (!Integer.valueOf(0).equals(uid)) {
                return "";
            }
            UserPrincipal mta;
            try {
                mta = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("mta");
            } catch (UserPrincipalNotFoundException e) {
                return ", owned by root: there is no user mta";
            }
            Files.setOwner(file, mta);
            if (directoryToo) {
                Files.setOwner(file.getParent(), mta);
            }
            return ", owned by mta";
        }
    }

    /** {@code mta dkim check}: does DNS publish the configured key? */
    @Command(name = "check", description = {
        "Check that DNS publishes the configured key.",
        "Looks up the TXT record and says ok, missing, wrong key, revoked, syntax error or temporary DNS",
        "failure. Exit 0 only when it matches."})
    static final class Check implements Callable<Integer> {

        @Option(names = "--domain", required = true, paramLabel = "DOMAIN", description = "the signing domain (d=)")
        private String domain;

        @Option(names = "--selector", required = true, paramLabel = "SELECTOR", description = "the selector (s=)")
        private String selector;

        @Option(names = "--dns", paramLabel = "HOST:PORT",
                description = "ask this DNS server (default: the servers of /etc/resolv.conf)")
        private String dns;

        @Mixin
        private ConfigFileOption config;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            Domain d = domain(spec, domain);
            Optional<DnsSettings> dnsSettings = dnsSettings(spec, dns, stderr);
            Optional<MtaConfig> loaded = loadConfig(config.file(), stderr);
            if (loaded.isEmpty() || dnsSettings.isEmpty()) {
                return USAGE;
            }
            Optional<DkimKeySettings> configured = loaded.get().dkim().keys().stream()
                    .filter(k -> k.domain().ascii().equals(d.ascii()) && k.selector().equals(selector))
                    .findFirst();
            if (configured.isEmpty()) {
                stderr.println("mta dkim check: " + config.file() + " has no dkim." + d.ascii() + "." + selector
                        + ".key");
                stderr.flush();
                return USAGE;
            }
            PublicKey publicKey;
            try {
                PrivateKey key = PemKeys.read(configured.get().privateKeyFile());
                publicKey = PemKeys.publicKeyOf(new SigningKey(d.ascii(), selector, key).key());
            } catch (IOException | DkimParseException | IllegalArgumentException e) {
                stderr.println("mta dkim check: key " + configured.get().privateKeyFile() + ": " + e.getMessage());
                stderr.flush();
                return FAILED;
            }
            String name = selector + "._domainkey." + d.ascii();
            ExecutorService executor = Executors.newSingleThreadExecutor();
            try {
                PublishedKeyCheck.Outcome outcome = new PublishedKeyCheck(txtLookup(dnsSettings.get(), executor))
                        .check(d.ascii(), selector, publicKey).toCompletableFuture().get();
                stdout.println(name + ": " + outcome.status().words() + " (" + outcome.detail() + ")");
                stdout.flush();
                return outcome.status() == PublishedKeyCheck.Status.OK ? OK : FAILED;
            } catch (ExecutionException e) {
                stderr.println("mta dkim check: " + name + ": " + e.getCause());
                stderr.flush();
                return FAILED;
            } finally {
                executor.shutdownNow();
            }
        }
    }

    /** {@code mta dkim verify FILE}: the DKIM results of a message. */
    @Command(name = "verify", description = {
        "Verify the DKIM signatures of a message file.",
        "Prints one Authentication-Results line (RFC 8601) per signature. Exit 0 if at least one passes."})
    static final class Verify implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "the message, with CRLF or (as saved by most tools) LF lines")
        private Path file;

        @Option(names = "--dns", paramLabel = "HOST:PORT",
                description = "ask this DNS server (default: the servers of /etc/resolv.conf)")
        private String dns;

        @Spec
        private CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            Optional<DnsSettings> dnsSettings = dnsSettings(spec, dns, stderr);
            if (dnsSettings.isEmpty()) {
                return USAGE;
            }
            byte[] message;
            try {
                message = withCrlf(Files.readAllBytes(file));
            } catch (IOException e) {
                stderr.println("mta dkim verify: cannot read " + file + ": " + e);
                stderr.flush();
                return FAILED;
            }
            ExecutorService executor = Executors.newSingleThreadExecutor();
            ByteBuf buffer = Unpooled.wrappedBuffer(message);
            try {
                DkimVerifier verifier = new DkimVerifier(txtLookup(dnsSettings.get(), executor), Clock.systemUTC(),
                        executor, SigningStage.DEFAULT_MAX_HEADER_BYTES);
                List<DkimResult> results = verifier.verify(buffer).toCompletableFuture().get();
                String authservId = authservId(file);
                for (DkimResult result : results) {
                    stdout.println("Authentication-Results: " + authservId + "; " + result.toAuthenticationResults());
                }
                stdout.flush();
                return results.stream().anyMatch(r -> r.status() == DkimResult.Status.PASS) ? OK : FAILED;
            } catch (ExecutionException e) {
                stderr.println("mta dkim verify: " + e.getCause());
                stderr.flush();
                return FAILED;
            } finally {
                buffer.release();
                executor.shutdownNow();
            }
        }

        /*
         * RFC 8601 section 2.2 names the evaluating host in authserv-id; a file checked by hand has none, so the
         * file's name stands in, as a token, or quoted when it is not one.
         */
        static String authservId(Path file) {
            String name = String.valueOf(file.getFileName());
            if (name.matches("[A-Za-z0-9._-]+")) {
                return name;
            }
            return '"' + name.replaceAll("[\\p{Cntrl}]", " ").replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }

        /*
         * DKIM hashes the message as it travels, with CRLF line ends (RFC 6376 section 5.3). A file without a
         * single CRLF was saved with local line ends: turn every LF into CRLF, as a mail client would on sending.
         */
        static byte[] withCrlf(byte[] bytes) {
            for (int i = 1; i < bytes.length; i++) {
                if (bytes[i] == '\n' && bytes[i - 1] == '\r') {
                    return bytes;
                }
            }
            String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("\n", "\r\n");
            return text.getBytes(StandardCharsets.ISO_8859_1);
        }
    }

    private static Domain domain(CommandSpec spec, String text) {
        try {
            return DomainNames.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--domain: " + e.getMessage());
        }
    }

    /* The configuration's dkim.<domain>.<selector>.key takes one DNS label as selector. */
    private static void requireSelector(CommandSpec spec, String selector) {
        if (!selector.matches("[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")) {
            throw new ParameterException(spec.commandLine(),
                    "--selector must be one DNS label (letters, digits, hyphens), not " + selector);
        }
    }

    private static Optional<MtaConfig> loadConfig(Path file, PrintWriter stderr) {
        try {
            return Optional.of(ConfigLoader.load(file));
        } catch (ConfigException e) {
            e.errors().forEach(stderr::println);
            stderr.flush();
            return Optional.empty();
        }
    }

    private static Optional<DnsSettings> dnsSettings(CommandSpec spec, String server, PrintWriter stderr) {
        if (server != null) {
            try {
                return Optional.of(DnsSettings.ofServers(List.of(HostAndPort.parse(server))));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--dns: " + e.getMessage());
            }
        }
        try {
            return Optional.of(DnsSettings.fromResolvConf(DnsSettings.RESOLV_CONF));
        } catch (IOException | IllegalArgumentException e) {
            stderr.println("mta: cannot read " + DnsSettings.RESOLV_CONF + ": " + e.getMessage());
            stderr.flush();
            return Optional.empty();
        }
    }

    private static TxtLookup txtLookup(DnsSettings settings, ExecutorService executor) {
        DnsResolver resolver = new DnsResolver(settings, executor, Clock.systemUTC());
        return name -> resolver.txt(name).thenApply(DnsResult::recordsOrEmpty);
    }
}
