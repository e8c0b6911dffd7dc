package dev.mta.dkim;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Whether the key record published in DNS for a selector matches the key we sign with: what
 * {@code mta dkim check} reports before an operator trusts a new key (RFC 6376 section 3.6.2: the record lives at
 * {@code selector._domainkey.domain}).
 */
public final class PublishedKeyCheck {

    /** The verdicts, in the words the command prints. */
    public enum Status {
        /** A published record holds our public key. */
        OK("ok"),
        /** No TXT record at the name (or the name does not exist). */
        MISSING("missing"),
        /** Records are published, but none holds our key. */
        WRONG_KEY("wrong key"),
        /** The record has an empty {@code p=}: the key was revoked (RFC 6376 section 3.6.1). */
        REVOKED("revoked"),
        /** No published record can be read as a DKIM key record. */
        SYNTAX_ERROR("syntax error"),
        /** DNS gave no answer we may act on (SERVFAIL, timeout): try again later. */
        TEMPORARY_FAILURE("temporary DNS failure");

        private final String words;

        Status(String words) {
            this.words = words;
        }

        /** How the command prints it. */
        public String words() {
            return words;
        }
    }

    /**
     * One check's result.
     *
     * @param status the verdict
     * @param detail what was found, for the operator (the parse error, the DNS failure, a {@code t=y} flag)
     */
    public record Outcome(Status status, String detail) {
        public Outcome {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(detail, "detail");
        }
    }

    private final TxtLookup dns;

    /** @param dns where the records come from */
    public PublishedKeyCheck(TxtLookup dns) {
        this.dns = Objects.requireNonNull(dns, "dns");
    }

    /** Looks up {@code selector._domainkey.domain} and compares what is published with {@code expected}. */
    public CompletionStage<Outcome> check(String domain, String selector, PublicKey expected) {
        Objects.requireNonNull(expected, "expected");
        String name = selector + "._domainkey." + domain;
        return dns.lookup(name).handle((records, failure) -> failure != null
                ? new Outcome(Status.TEMPORARY_FAILURE, name + ": " + messageOf(failure))
                : judge(name, records, expected));
    }

    private static Outcome judge(String name, List<String> records, PublicKey expected) {
        if (records.isEmpty()) {
            return new Outcome(Status.MISSING, "no TXT record at " + name);
        }
        Outcome best = null;
        for (String text : records) {
            Outcome outcome = judgeOne(text, expected);
            if (best == null || outcome.status().ordinal() < best.status().ordinal()) {
                best = outcome;
            }
        }
        return best;
    }

    /* The enum's order ranks the verdicts: with several records at the name, the best one found is reported. */
    private static Outcome judgeOne(String text, PublicKey expected) {
        DkimKeyRecord record;
        try {
            record = DkimKeyRecord.parse(text);
        } catch (DkimParseException e) {
            return new Outcome(Status.SYNTAX_ERROR, e.getMessage() + " in \"" + text + "\"");
        }
        if (record.revoked()) {
            return new Outcome(Status.REVOKED, "p= is empty");
        }
        PublicKey published = record.publicKey().orElseThrow();
        if (!published.getAlgorithm().equals(expected.getAlgorithm())
                && !(isEd25519(published) && isEd25519(expected))) {
            return new Outcome(Status.WRONG_KEY, "the record has a " + record.keyType() + " key, ours is "
                    + expected.getAlgorithm());
        }
        if (!Arrays.equals(published.getEncoded(), expected.getEncoded())) {
            return new Outcome(Status.WRONG_KEY, "the record's p= is another key than ours");
        }
        return new Outcome(Status.OK, record.testing()
                ? "the record matches; t=y is set, so receivers treat the signatures as a test"
                : "the record matches");
    }

    private static boolean isEd25519(PublicKey key) {
        return key.getAlgorithm().equals("Ed25519") || key.getAlgorithm().equals("EdDSA");
    }

    private static String messageOf(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
