package dev.mta.dkim;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the configured signing keys into a {@link SigningKeyring}. Blocking file I/O: run it at start or reload,
 * never on an event loop.
 *
 * <p>A key file that group or others may read is used, with a warning.
 *
 * <p>A key that cannot be used (missing or unreadable file, not a PEM private key, an RSA key under 2048 bits, an
 * unsupported algorithm) is reported with its file and the reason and left out: DKIM never stops the server from
 * starting and never holds mail back; mail of that domain goes unsigned until the key is fixed.
 *
 * <p><b>Which key is active.</b> A domain may have several selectors configured, for key rotation. Per domain
 * and per key type (RSA, Ed25519) exactly one key signs: the one whose file was modified last (ties go to the
 * selector that sorts last). So a domain with one RSA and one Ed25519 key is signed twice (RFC 8463 section 4
 * recommends dual signing while Ed25519 support spreads), and after a new RSA key is generated and configured next
 * to the old one, the new one signs while the old one may stay published and configured until mail signed with it
 * has been delivered. The configuration has no separate "active" key: the newest file is the one an operator just
 * made, and there is no second place that can disagree with the files.
 */
public final class SigningKeyLoader {

    private static final Logger LOG = LoggerFactory.getLogger(SigningKeyLoader.class);

    /**
     * A configured key that was left out.
     *
     * @param settings the configured key
     * @param reason   why it cannot sign
     */
    public record Skipped(DkimKeySettings settings, String reason) {
        public Skipped {
            Objects.requireNonNull(settings, "settings");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * What loading gave.
     *
     * @param keyring  the active keys
     * @param inactive usable keys that do not sign because a newer key of the same domain and type does
     * @param skipped  configured keys that cannot be used, with the reason
     * @param warnings keys that are used but should be fixed (a file others may read)
     */
    public record Result(SigningKeyring keyring, List<SigningKey> inactive, List<Skipped> skipped,
                         List<String> warnings) {
        public Result {
            Objects.requireNonNull(keyring, "keyring");
            inactive = List.copyOf(inactive);
            skipped = List.copyOf(skipped);
            warnings = List.copyOf(warnings);
        }
    }

    private record Candidate(SigningKey key, FileTime modified) {
    }

    private final boolean signSubdomains;

    /** @param signSubdomains whether a parent domain's keys sign mail from its subdomains */
    public SigningKeyLoader(boolean signSubdomains) {
        this.signSubdomains = signSubdomains;
    }

    /** Reads every key of {@code settings}; logs each key left out and each key that signs. */
    public Result load(DkimSettings settings) {
        Map<String, List<Candidate>> byDomainAndType = new LinkedHashMap<>();
        List<Skipped> skipped = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        for (DkimKeySettings configured : settings.keys()) {
            Path file = configured.privateKeyFile();
            try {
                FileTime modified = Files.getLastModifiedTime(file);
                PrivateKey privateKey = PemKeys.read(file);
                SigningKey key = new SigningKey(configured.domain().ascii(), configured.selector(), privateKey);
                readableByOthers(file).ifPresent(warnings::add);
                byDomainAndType.computeIfAbsent(key.domain() + " " + key.algorithm().keyType(),
                        k -> new ArrayList<>()).add(new Candidate(key, modified));
            } catch (IOException e) {
                skipped.add(skip(configured, "cannot read the file: " + describe(e)));
            } catch (DkimParseException | IllegalArgumentException e) {
                skipped.add(skip(configured, e.getMessage()));
            }
        }
        List<SigningKey> active = new ArrayList<>();
        List<SigningKey> inactive = new ArrayList<>();
        Comparator<Candidate> newestFirst = Comparator.comparing(Candidate::modified)
                .thenComparing(c -> c.key().selector()).reversed();
        for (List<Candidate> candidates : byDomainAndType.values()) {
            candidates.sort(newestFirst);
            SigningKey signing = candidates.get(0).key();
            active.add(signing);
            LOG.info("DKIM: signing mail from {} with {}", signing.domain(), signing);
            for (Candidate other : candidates.subList(1, candidates.size())) {
                inactive.add(other.key());
                LOG.info("DKIM: {} is configured but does not sign: {} is newer", other.key(), signing.recordName());
            }
        }
        return new Result(SigningKeyring.of(active, signSubdomains), inactive, skipped, warnings);
    }

    /*
     * Whoever can read the key can sign as the domain (SECURITY.md: keys readable only by the service user). Such a
     * key still signs, since refusing it would only send the domain's mail out unsigned, but the operator is told.
     */
    private static Optional<String> readableByOthers(Path file) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return Optional.empty();
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            String warning = file + " is readable by " + PosixFilePermissions.toString(permissions)
                    + "; only mta should read a signing key: chmod 600 " + file;
            LOG.warn("DKIM: {}", warning);
            return Optional.of(warning);
        }
        return Optional.empty();
    }

    private static Skipped skip(DkimKeySettings configured, String reason) {
        LOG.warn("DKIM: key {} for {}._domainkey.{} left out, mail from {} goes unsigned: {}",
                configured.privateKeyFile(), configured.selector(), configured.domain().ascii(),
                configured.domain().ascii(), reason);
        return new Skipped(configured, reason);
    }

    private static String describe(IOException e) {
        String type = e.getClass().getSimpleName();
        return switch (type) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? type : e.getMessage();
        };
    }
}
