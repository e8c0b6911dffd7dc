package dev.mta.dkim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes {@code DKIM-Signature} header fields (RFC 6376 section 5) for one message with one or more keys, for
 * example an RSA and an Ed25519 key of one domain (RFC 8463 section 1 expects such dual signing while verifiers
 * catch up). The body hash is computed beforehand by a {@link BodyCanonicalizer} as the body streams; this class
 * only needs the header fields, so it never holds a message.
 *
 * <p>{@code h=} lists the {@linkplain #DEFAULT_HEADERS default fields} that are present, each as often as it
 * occurs, and From once more than it occurs, so that a second From cannot be added without breaking the
 * signature. {@code t=} comes from the injected clock; {@code x=} only when a validity is configured;
 * {@code l=} never (a length limit lets anyone append content). Signing is CPU work: call it from a worker.
 */
public final class DkimSigner {

    /** The fields signed when present (RFC 6376 5.4.1's list, plus the list headers of RFC 2369 and 8058). */
    public static final List<String> DEFAULT_HEADERS = List.of(
            "From", "To", "Cc", "Subject", "Date", "Message-ID", "Reply-To", "In-Reply-To", "References",
            "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "List-Unsubscribe",
            "List-Unsubscribe-Post");

    /** Fold before this column (RFC 5322 2.1.1 recommends lines of at most 78 characters). */
    static final int LINE_WIDTH = 78;

    private final Clock clock;
    private final Canonicalization headerCanon;
    private final Canonicalization bodyCanon;
    private final Optional<Duration> validity;
    private final List<String> headerNames;

    /**
     * @param clock       source of {@code t=}
     * @param headerCanon header canonicalization (relaxed is the usual choice: it survives refolding)
     * @param bodyCanon   body canonicalization
     * @param validity    when present, {@code x=} is {@code t=} plus this
     * @param headerNames the fields to sign when present; must include From
     */
    public DkimSigner(Clock clock, Canonicalization headerCanon, Canonicalization bodyCanon,
                      Optional<Duration> validity, List<String> headerNames) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.headerCanon = Objects.requireNonNull(headerCanon, "headerCanon");
        this.bodyCanon = Objects.requireNonNull(bodyCanon, "bodyCanon");
        this.validity = Objects.requireNonNull(validity, "validity");
        if (validity.isPresent() && (validity.get().isNegative() || validity.get().isZero())) {
            throw new IllegalArgumentException("validity must be positive");
        }
        this.headerNames = List.copyOf(headerNames);
        if (this.headerNames.stream().noneMatch(n -> n.equalsIgnoreCase("From"))) {
            throw new IllegalArgumentException("the signed headers must include From (RFC 6376 5.4)");
        }
    }

    /** relaxed/relaxed, no {@code x=}, the default header list. */
    public static DkimSigner relaxed(Clock clock) {
        return new DkimSigner(clock, Canonicalization.RELAXED, Canonicalization.RELAXED, Optional.empty(),
                DEFAULT_HEADERS);
    }

    /** The body canonicalization whose hash {@link #sign} expects. */
    public Canonicalization bodyCanonicalization() {
        return bodyCanon;
    }

    /** A body canonicalizer feeding a fresh SHA-256, the one whose result {@link #sign} takes. */
    public BodyCanonicalizer newBodyHasher() {
        return bodyCanon.body(DkimCrypto.sha256());
    }

    /** The {@code h=} list for these header fields, lower case. */
    public List<String> signedHeaderNames(List<HeaderField> headers) {
        List<String> names = new ArrayList<>();
        for (String name : headerNames) {
            long count = headers.stream().filter(f -> f.hasName(name)).count();
            if (name.equalsIgnoreCase("From")) {
                count++; // oversign From
            }
            for (long i = 0; i < count; i++) {
                names.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * Signs. Returns the {@code DKIM-Signature} fields, one per key, each ending in CRLF, to be placed above the
     * message's header.
     *
     * @param headers  the message's header fields, top to bottom
     * @param bodyHash the SHA-256 of the body canonicalized with {@link #bodyCanonicalization()}
     * @param keys     the keys to sign with, in the order the fields are wanted
     */
    public byte[] sign(List<HeaderField> headers, byte[] bodyHash, List<SigningKey> keys)
            throws DkimSigningException {
        long froms = headers.stream().filter(f -> f.hasName("From")).count();
        if (froms != 1) {
            // RFC 5322 3.6 allows exactly one From; DMARC receivers reject anything else anyway.
            throw new DkimSigningException(froms == 0 ? "no From header" : "more than one From header");
        }
        if (bodyHash.length != DkimSignature.SHA256_LENGTH) {
            throw new IllegalArgumentException("body hash must be a SHA-256");
        }
        List<String> names = signedHeaderNames(headers);
        long now = clock.instant().getEpochSecond();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (SigningKey key : keys) {
            String prefix = unsignedField(key, names, now, bodyHash);
            byte[] data = HeaderHashInput.build(headers, names, headerCanon,
                    new HeaderField((prefix + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            byte[] signature;
            try {
                signature = DkimCrypto.sign(key.algorithm(), key.key(), data);
            } catch (GeneralSecurityException e) {
                throw new DkimSigningException("cannot sign with " + key, e);
            }
            out.writeBytes(prefix.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(foldBase64(prefix, Base64.getEncoder().encodeToString(signature))
                    .getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(new byte[] {'\r', '\n'});
        }
        return out.toByteArray();
    }

    /** The field up to and including {@code b=}: exactly what is signed, and what a verifier rebuilds. */
    private String unsignedField(SigningKey key, List<String> names, long now, byte[] bodyHash) {
        Folder f = new Folder("DKIM-Signature:");
        f.token("v=1;", true);
        f.token("a=" + key.algorithm().tag() + ";", true);
        f.token("c=" + headerCanon.tag() + "/" + bodyCanon.tag() + ";", true);
        f.token("d=" + key.domain() + ";", true);
        f.token("s=" + key.selector() + ";", true);
        f.token("t=" + now + ";", true);
        if (validity.isPresent()) {
            f.token("x=" + (now + validity.get().toSeconds()) + ";", true);
        }
        for (int i = 0; i < names.size(); i++) {
            String part = (i == 0 ? "h=" : "") + names.get(i) + (i == names.size() - 1 ? ";" : ":");
            f.token(part, i == 0);
        }
        f.token("bh=" + Base64.getEncoder().encodeToString(bodyHash) + ";", true);
        f.token("b=", true);
        return f.toString();
    }

    /** The base64 signature, folded so no line passes the width; folding whitespace is allowed in b= (3.5). */
    private static String foldBase64(String prefix, String base64) {
        int column = prefix.length() - prefix.lastIndexOf('\n') - 1;
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < base64.length()) {
            int room = LINE_WIDTH - column;
            if (room <= 0) {
                out.append("\r\n ");
                column = 1;
                continue;
            }
            int n = Math.min(room, base64.length() - i);
            out.append(base64, i, i + n);
            column += n;
            i += n;
        }
        return out.toString();
    }

    /** Lays tokens out on lines of at most {@link #LINE_WIDTH} columns, continuing lines with CRLF SP. */
    private static final class Folder {
        private final StringBuilder out = new StringBuilder();
        private int column;

        Folder(String start) {
            out.append(start);
            column = start.length();
        }

        void token(String token, boolean spaced) {
            int needed = token.length() + (spaced ? 1 : 0);
            if (column + needed > LINE_WIDTH && column > 1) {
                out.append("\r\n ");
                column = 1;
            } else if (spaced) {
                out.append(' ');
                column++;
            }
            out.append(token);
            column += token.length();
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
