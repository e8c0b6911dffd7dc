package dev.mta.dkim;

import dev.mta.dkim.DkimResult.Status;
import io.netty.buffer.ByteBuf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Verifies the DKIM signatures of a message (RFC 6376 section 6) with RSA-SHA256 and Ed25519-SHA256. RSA keys
 * shorter than 1024 bits and rsa-sha1 are refused (RFC 8301). Each signature gets its own {@link DkimResult};
 * a message without signatures gets one {@code none}.
 *
 * <p>The message streams through a {@link Verification}; its body is hashed as it arrives (one hash per distinct
 * body canonicalization and {@code l=}), key records are fetched through {@link TxtLookup}, and the signature
 * checks run on the injected executor.
 */
public final class DkimVerifier {

    /** At most this many signatures of one message are checked; the rest are reported as not processed. */
    public static final int MAX_SIGNATURES = 8;
    /** RFC 8301 section 3.2: verifiers must not accept RSA keys shorter than this. */
    public static final int MIN_RSA_BITS = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(DkimVerifier.class);

    private final TxtLookup dns;
    private final Clock clock;
    private final Executor executor;
    private final int maxHeaderBytes;

    /**
     * @param dns            where key records come from
     * @param clock          for {@code x=} expiry
     * @param executor       where signatures are checked
     * @param maxHeaderBytes header size beyond which the message is not verified
     */
    public DkimVerifier(TxtLookup dns, Clock clock, Executor executor, int maxHeaderBytes) {
        this.dns = Objects.requireNonNull(dns, "dns");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** Starts verifying one message. */
    public Verification newVerification() {
        return new Verification();
    }

    /** Verifies a whole message held in {@code message} (read, not released). */
    public CompletionStage<List<DkimResult>> verify(ByteBuf message) {
        Verification verification = newVerification();
        verification.update(message);
        return verification.finish();
    }

    /**
     * One message being verified. Not thread-safe: feed it in order, then call {@link #finish()} once. Feeding
     * hashes the body on the caller's thread, so call it from a worker, not from an event loop.
     */
    public final class Verification implements MessageSplitter.Listener {

        private final MessageSplitter splitter = new MessageSplitter(maxHeaderBytes, this);
        private final Map<String, BodyCanonicalizer> hashers = new LinkedHashMap<>();
        private final List<Candidate> candidates = new ArrayList<>();
        private List<HeaderField> headers = List.of();
        private boolean tooLarge;

        private Verification() {
        }

        /** Feeds the readable bytes of {@code data}, leaving its reader index and reference count alone. */
        public void update(ByteBuf data) {
            splitter.update(data);
        }

        /** Ends the message; the stage completes with one result per signature, in header order. */
        public CompletionStage<List<DkimResult>> finish() {
            splitter.finish();
            if (tooLarge) {
                return CompletableFuture.completedFuture(
                        List.of(DkimResult.unparsed(Status.PERMERROR, "header too large to verify")));
            }
            if (candidates.isEmpty()) {
                return CompletableFuture.completedFuture(List.of(DkimResult.none()));
            }
            Map<String, byte[]> bodyHashes = new LinkedHashMap<>();
            Map<String, Long> bodyLengths = new LinkedHashMap<>();
            hashers.forEach((key, hasher) -> {
                bodyHashes.put(key, hasher.finish());
                bodyLengths.put(key, hasher.canonicalLength());
            });
            List<CompletableFuture<DkimResult>> results = new ArrayList<>();
            for (Candidate c : candidates) {
                results.add(c.failure() != null ? CompletableFuture.completedFuture(c.failure())
                        : check(c, bodyHashes.get(c.hasherKey()), bodyLengths.get(c.hasherKey())));
            }
            return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new))
                    .thenApply(v -> results.stream().map(CompletableFuture::join).toList());
        }

        @Override
        public void headers(List<HeaderField> fields) {
            headers = fields;
            for (HeaderField field : fields) {
                if (!field.hasName("DKIM-Signature")) {
                    continue;
                }
                if (candidates.size() == MAX_SIGNATURES) {
                    candidates.add(new Candidate(field, null, null,
                            DkimResult.unparsed(Status.NEUTRAL, "too many signatures, not checked")));
                    continue;
                }
                DkimSignature signature;
                try {
                    signature = DkimSignature.parse(field.unfoldedValue());
                } catch (DkimParseException e) {
                    candidates.add(new Candidate(field, null, null, DkimResult.unparsed(statusOf(e), e.getMessage())));
                    continue;
                }
                String key = signature.bodyCanon().tag() + "/" + signature.bodyLength().orElse(-1);
                hashers.computeIfAbsent(key, k -> signature.bodyLength().isPresent()
                        ? BodyCanonicalizer.limited(signature.bodyCanon(), DkimCrypto.sha256(),
                                signature.bodyLength().getAsLong())
                        : signature.bodyCanon().body(DkimCrypto.sha256()));
                candidates.add(new Candidate(field, signature, key, null));
            }
        }

        @Override
        public void body(ByteBuf chunk) {
            for (BodyCanonicalizer hasher : hashers.values()) {
                hasher.update(chunk);
            }
        }

        @Override
        public void headersTooLarge(int limit) {
            tooLarge = true;
            hashers.clear();
        }

        private CompletableFuture<DkimResult> check(Candidate c, byte[] bodyHash, long bodyLength) {
            DkimSignature sig = c.signature();
            if (sig.bodyLength().isPresent() && bodyLength < sig.bodyLength().getAsLong()) {
                return done(DkimResult.of(Status.FAIL, "body shorter than l=", sig));
            }
            if (!MessageDigest.isEqual(bodyHash, sig.bodyHash())) {
                return done(DkimResult.of(Status.FAIL, "body hash did not verify", sig));
            }
            if (sig.expiry().isPresent() && clock.instant().isAfter(sig.expiry().get())) {
                return done(DkimResult.of(Status.PERMERROR, "signature expired", sig));
            }
            String name = sig.selector() + "._domainkey." + sig.domain();
            CompletableFuture<List<String>> records;
            try {
                records = dns.lookup(name).toCompletableFuture();
            } catch (RuntimeException e) {
                records = CompletableFuture.failedFuture(e);
            }
            byte[] data = HeaderHashInput.build(headers, sig.signedHeaders(), sig.headerCanon(),
                    HeaderHashInput.withEmptyB(c.field()));
            return records.handle((answers, failure) -> {
                        if (failure != null) {
                            LOG.debug("key lookup for {} failed", name, failure);
                            return KeyChoice.problem(DkimResult.of(Status.TEMPERROR, "key unavailable", sig));
                        }
                        return chooseKey(sig, answers);
                    })
                    .thenCompose(choice -> choice.problem() != null ? done(choice.problem())
                            : CompletableFuture.supplyAsync(() -> cryptoCheck(sig, choice.key(), data), executor));
        }

        /** Picks the first usable key record (RFC 6376 6.1.2 lets the verifier choose among several). */
        private KeyChoice chooseKey(DkimSignature sig, List<String> answers) {
            if (answers == null || answers.isEmpty()) {
                return KeyChoice.problem(DkimResult.of(Status.PERMERROR, "no key for signature", sig));
            }
            DkimParseException last = null;
            for (String answer : answers) {
                DkimKeyRecord record;
                try {
                    record = DkimKeyRecord.parse(answer);
                } catch (DkimParseException e) {
                    last = e;
                    continue;
                }
                if (record.revoked()) {
                    return KeyChoice.problem(DkimResult.of(Status.PERMERROR, "key revoked", sig));
                }
                if (record.keyType() != sig.algorithm().keyType()) {
                    return KeyChoice.problem(DkimResult.of(Status.PERMERROR, "key type does not match a=", sig));
                }
                PublicKey key = record.publicKey().orElseThrow();
                if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                    return KeyChoice.problem(DkimResult.of(Status.PERMERROR,
                            "RSA key of " + rsa.getModulus().bitLength() + " bits is too short", sig));
                }
                if (record.flags().contains("s") && sig.identity().isPresent()
                        && !sig.identity().get().toLowerCase(Locale.ROOT).endsWith("@" + sig.domain())) {
                    return KeyChoice.problem(
                            DkimResult.of(Status.PERMERROR, "key does not allow subdomains in i=", sig));
                }
                return new KeyChoice(key, null);
            }
            return KeyChoice.problem(DkimResult.of(Status.PERMERROR, "bad key record: " + last.getMessage(), sig));
        }

        private DkimResult cryptoCheck(DkimSignature sig, PublicKey key, byte[] data) {
            try {
                return DkimCrypto.verify(sig.algorithm(), key, data, sig.signature())
                        ? DkimResult.of(Status.PASS, null, sig)
                        : DkimResult.of(Status.FAIL, "signature did not verify", sig);
            } catch (GeneralSecurityException e) {
                return DkimResult.of(Status.FAIL, "signature did not verify", sig);
            }
        }
    }

    /*
     * RFC 8601 2.7.1: syntax errors are "neutral"; an algorithm or a missing From that the RFCs forbid outright
     * is an error a later attempt would repeat, so "permerror".
     */
    private static Status statusOf(DkimParseException e) {
        return e.isForbidden() ? Status.PERMERROR : Status.NEUTRAL;
    }

    private static CompletableFuture<DkimResult> done(DkimResult result) {
        return CompletableFuture.completedFuture(result);
    }

    /** A usable key, or the result that says why there is none. */
    private record KeyChoice(PublicKey key, DkimResult problem) {
        static KeyChoice problem(DkimResult problem) {
            return new KeyChoice(null, problem);
        }
    }

    /** A signature field with its parsed form and body hash, or the result that ended its check early. */
    private record Candidate(HeaderField field, DkimSignature signature, String hasherKey, DkimResult failure) {
    }
}
