/**
 * SMTP command lines parsed into values: the sealed {@link dev.mta.smtpd.wire.command.Command} hierarchy,
 * {@link dev.mta.smtpd.wire.command.CommandParser}, and the ESMTP parameters of MAIL FROM and RCPT TO with
 * xtext decoding (RFC 5321 section 4.1, RFC 1870, RFC 3030, RFC 3461, RFC 4954, RFC 6152, RFC 6531).
 *
 * <p>Lives here: syntax. Addresses are parsed by {@code dev.mta.core.address}, not here. Must not live here:
 * session state, which extensions are offered, policy, anything that does I/O; syntax errors are
 * {@link dev.mta.smtpd.wire.command.Command.Invalid} values, never exceptions.
 */
package dev.mta.smtpd.wire.command;
