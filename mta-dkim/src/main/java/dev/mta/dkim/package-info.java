/**
 * DKIM signing and verification (RFC 6376, RFC 8301, RFC 8463): canonicalization that streams, the header/body
 * splitter, tag lists, {@code DKIM-Signature} fields and key records, the signer and the verifier for
 * rsa-sha256 and ed25519-sha256, PEM key loading and key generation, and the signing stage that wraps the
 * queue's {@link dev.mta.core.sink.MessageWriter}.
 *
 * <p>What must not live here: DNS resolution (verification asks a {@link dev.mta.dkim.TxtLookup}; the resolver
 * is mta-core's), configuration parsing (mta-daemon builds the {@link dev.mta.dkim.SigningKeyring}), SMTP, and
 * anything that holds a whole message in memory. Nothing here blocks a Netty event loop: hashing and signing
 * run on an executor passed in.
 */
package dev.mta.dkim;
