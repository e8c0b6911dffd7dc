/**
 * The SMTP server: its settings, the listeners ({@link dev.mta.smtpd.SmtpServer}, which also reloads the
 * recipients and aliases files), the local submission socket (bound with the transport and peer lookup the daemon
 * hands in, {@link dev.mta.smtpd.LocalSocket}), the connection limits and the TLS context holder ({@link
 * dev.mta.smtpd.ServerTlsContext}, with its certificates by server name).
 *
 * <p>Must not live here: the session state machine ({@code session}), byte framing ({@code wire}), SASL
 * ({@code auth}), the aliases file ({@code aliases}), and anything that blocks on an event loop.
 */
package dev.mta.smtpd;
