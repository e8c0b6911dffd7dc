package dev.mta.dkim;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of verifying one signature, in the vocabulary of {@code Authentication-Results} (RFC 8601
 * section 2.7.1), ready to be written as {@code dkim=pass header.d=example.com header.s=sel}.
 *
 * @param status    the result keyword
 * @param reason    why, for anything but pass and none; empty otherwise
 * @param domain    {@code d=} of the signature, when it could be read
 * @param selector  {@code s=} of the signature, when it could be read
 * @param algorithm {@code a=} of the signature, when it could be read
 */
public record DkimResult(Status status, Optional<String> reason, Optional<String> domain,
                         Optional<String> selector, Optional<SigningAlgorithm> algorithm) {

    /** RFC 8601 2.7.1 result values for the dkim method (policy is a local decision we do not take here). */
    public enum Status {
        /** The message was not signed. */
        NONE,
        /** The signature verified. */
        PASS,
        /** The signature or body hash did not verify. */
        FAIL,
        /** The signature had syntax errors or could not be processed. */
        NEUTRAL,
        /** A transient error, such as a DNS failure; a later attempt may succeed. */
        TEMPERROR,
        /** An error a later attempt would repeat: no key, revoked key, weak key or algorithm, From not signed. */
        PERMERROR;

        /** The lower-case keyword written after {@code dkim=}. */
        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public DkimResult {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /** No signature at all. */
    public static DkimResult none() {
        return new DkimResult(Status.NONE, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static DkimResult of(Status status, String reason, DkimSignature signature) {
        return new DkimResult(status, Optional.ofNullable(reason), Optional.of(signature.domain()),
                Optional.of(signature.selector()), Optional.of(signature.algorithm()));
    }

    static DkimResult unparsed(Status status, String reason) {
        return new DkimResult(status, Optional.of(reason), Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** The {@code resinfo} for Authentication-Results: {@code dkim=fail reason="..." header.d=... header.s=...}. */
    public String toAuthenticationResults() {
        StringBuilder out = new StringBuilder("dkim=").append(status.keyword());
        reason.ifPresent(r -> out.append(" reason=").append(quoted(r)));
        domain.ifPresent(d -> out.append(" header.d=").append(isToken(d) ? d : quoted(d)));
        selector.ifPresent(s -> out.append(" header.s=").append(isToken(s) ? s : quoted(s)));
        algorithm.ifPresent(a -> out.append(" header.a=").append(a.tag()));
        return out.toString();
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            // Nothing from outside may break the header line (RFC 8601 section 7 on header injection).
            out.append(c < 0x20 || c == 0x7f ? ' ' : c);
        }
        return out.append('"').toString();
    }

    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return !s.isEmpty();
    }
}
