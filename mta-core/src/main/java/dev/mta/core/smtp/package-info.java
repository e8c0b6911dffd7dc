/**
 * SMTP replies as values: {@link dev.mta.core.smtp.Reply} with its optional
 * {@link dev.mta.core.smtp.EnhancedStatus} (RFC 5321 section 4.2, RFC 3463, RFC 2034), their wire form, and
 * {@link dev.mta.core.smtp.Replies}, the catalogue of the replies the server sends and the delivery engine
 * records. Shared by the server and the outbound client so both speak the same codes.
 *
 * <p>Not here: command parsing (the server's), parsing of replies read from a peer (the outbound client's),
 * any Netty transport or codec, any I/O. Reply text is generic: details about a failure belong in the log,
 * never on the wire.
 */
package dev.mta.core.smtp;
