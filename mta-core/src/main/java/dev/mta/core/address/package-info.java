/**
 * Mailboxes, domains and paths as SMTP carries them (RFC 5321 section 4.1.2, RFC 6531), and their parser.
 *
 * <p>Lives here: the values ({@link dev.mta.core.address.Mailbox}, {@link dev.mta.core.address.Domain},
 * {@link dev.mta.core.address.AddressLiteral}, {@link dev.mta.core.address.ReversePath},
 * {@link dev.mta.core.address.ForwardPath}), their rendering for commands, and
 * {@link dev.mta.core.address.AddressParser}, a hand-written linear scanner whose results are
 * {@link dev.mta.core.address.Parsed} values rather than exceptions.
 *
 * <p>Must not live here: DNS lookups (an address literal is built from octets, never resolved), policy
 * about which domains are ours or who may relay, alias expansion, and SMTP command parsing beyond the path
 * (ESMTP parameters belong to the server).
 */
package dev.mta.core.address;
