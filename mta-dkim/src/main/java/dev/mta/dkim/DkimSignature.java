package dev.mta.dkim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The tags of one {@code DKIM-Signature} header field (RFC 6376 section 3.5), checked for syntax and
 * consistency: required tags present, {@code bh=} exactly as long as a SHA-256 hash (an over-long one is the
 * CVE-2020-28025 read), {@code b=} not empty, {@code h=} naming From, {@code i=} within {@code d=}.
 *
 * @param algorithm       {@code a=}
 * @param headerCanon     first half of {@code c=}
 * @param bodyCanon       second half of {@code c=}
 * @param domain          {@code d=}, lower case
 * @param selector        {@code s=}
 * @param signedHeaders   {@code h=}, lower case, in order
 * @param bodyHash        {@code bh=}, decoded
 * @param signature       {@code b=}, decoded
 * @param identity        {@code i=}, if present
 * @param timestamp       {@code t=}, if present
 * @param expiry          {@code x=}, if present
 * @param bodyLength      {@code l=}, if present
 */
public record DkimSignature(
        SigningAlgorithm algorithm,
        Canonicalization headerCanon,
        Canonicalization bodyCanon,
        String domain,
        String selector,
        List<String> signedHeaders,
        byte[] bodyHash,
        byte[] signature,
        Optional<String> identity,
        Optional<Instant> timestamp,
        Optional<Instant> expiry,
        OptionalLong bodyLength) {

    /** The length of a SHA-256 hash, the only body hash either algorithm uses. */
    public static final int SHA256_LENGTH = 32;

    public DkimSignature {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(headerCanon, "headerCanon");
        Objects.requireNonNull(bodyCanon, "bodyCanon");
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(selector, "selector");
        signedHeaders = List.copyOf(signedHeaders);
        bodyHash = bodyHash.clone();
        signature = signature.clone();
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(expiry, "expiry");
        Objects.requireNonNull(bodyLength, "bodyLength");
    }

    @Override
    public byte[] bodyHash() {
        return bodyHash.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** Parses the value of a {@code DKIM-Signature} field (everything after the colon). */
    public static DkimSignature parse(String value) throws DkimParseException {
        TagList tags = TagList.parse(value);
        String v = tags.require("v");
        if (!"1".equals(v)) {
            throw new DkimParseException("unsupported version v=" + v);
        }
        SigningAlgorithm algorithm = SigningAlgorithm.fromTag(tags.require("a"));

        byte[] signature = base64(tags.require("b"), "b");
        if (signature.length == 0) {
            throw new DkimParseException("empty signature b=");
        }
        byte[] bodyHash = base64(tags.require("bh"), "bh");
        if (bodyHash.length != SHA256_LENGTH) {
            throw new DkimParseException("bh= is " + bodyHash.length + " bytes, a SHA-256 hash has " + SHA256_LENGTH);
        }

        Canonicalization headerCanon = Canonicalization.SIMPLE;
        Canonicalization bodyCanon = Canonicalization.SIMPLE;
        Optional<String> c = tags.get("c");
        if (c.isPresent()) {
            String[] parts = c.get().split("/", -1);
            if (parts.length > 2) {
                throw new DkimParseException("bad c=" + c.get());
            }
            headerCanon = Canonicalization.fromTag(parts[0].strip());
            // RFC 6376 3.5: "If only one algorithm is named, that algorithm is used for the header and "simple"
            // is used for the body."
            bodyCanon = parts.length == 2 ? Canonicalization.fromTag(parts[1].strip()) : Canonicalization.SIMPLE;
        }

        String domain = tags.require("d").toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            throw new DkimParseException("empty d=");
        }
        String selector = tags.require("s");
        if (selector.isEmpty()) {
            throw new DkimParseException("empty s=");
        }

        List<String> signedHeaders = new ArrayList<>();
        for (String name : tags.require("h").split(":", -1)) {
            String n = TagList.strip(name);
            if (n.isEmpty()) {
                throw new DkimParseException("empty header name in h=");
            }
            signedHeaders.add(n.toLowerCase(Locale.ROOT));
        }
        if (!signedHeaders.contains("from")) {
            // RFC 6376 5.4: "The From header field MUST be signed".
            throw DkimParseException.forbidden("h= does not include From");
        }

        Optional<String> identity = tags.get("i");
        if (identity.isPresent()) {
            String i = identity.get();
            int at = i.lastIndexOf('@');
            String iDomain = at < 0 ? "" : i.substring(at + 1).toLowerCase(Locale.ROOT);
            // RFC 6376 3.5 i=: "The domain part of the address MUST be the same as, or a subdomain of, d=".
            if (!(iDomain.equals(domain) || iDomain.endsWith("." + domain))) {
                throw new DkimParseException("i= is not within d=");
            }
        }

        Optional<Instant> timestamp = tags.get("t").map(t -> Instant.ofEpochSecond(number(t)));
        Optional<Instant> expiry = tags.get("x").map(x -> Instant.ofEpochSecond(number(x)));
        if (tags.get("t").isPresent() && tags.get("t").get().isEmpty()
                || tags.get("x").isPresent() && tags.get("x").get().isEmpty()) {
            throw new DkimParseException("empty t= or x=");
        }
        if (timestamp.isPresent() && timestamp.get().getEpochSecond() < 0
                || expiry.isPresent() && expiry.get().getEpochSecond() < 0) {
            throw new DkimParseException("bad t= or x=");
        }
        if (timestamp.isPresent() && expiry.isPresent() && !expiry.get().isAfter(timestamp.get())) {
            // RFC 6376 3.5 x=: "the value of the "x=" tag MUST be greater than the value of the "t=" tag".
            throw new DkimParseException("x= is not after t=");
        }
        OptionalLong bodyLength = OptionalLong.empty();
        if (tags.get("l").isPresent()) {
            long l = number(tags.get("l").get());
            if (l < 0) {
                throw new DkimParseException("bad l=");
            }
            bodyLength = OptionalLong.of(l);
        }
        Optional<String> q = tags.get("q");
        if (q.isPresent() && !q.get().toLowerCase(Locale.ROOT).contains("dns/txt")) {
            throw new DkimParseException("unsupported query method q=" + q.get());
        }
        return new DkimSignature(algorithm, headerCanon, bodyCanon, domain, selector, signedHeaders, bodyHash,
                signature, identity, timestamp, expiry, bodyLength);
    }

    /** Parses an unsigned decimal of at most 12 digits (RFC 6376 3.5 t=/x=/l=); -1 for anything else. */
    private static long number(String value) {
        if (value.isEmpty() || value.length() > 12) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(value);
    }

    static byte[] base64(String value, String tag) throws DkimParseException {
        try {
            return Base64.getDecoder().decode(TagList.withoutWhitespace(value));
        } catch (IllegalArgumentException e) {
            throw new DkimParseException("bad base64 in " + tag + "=", e);
        }
    }
}
