/**
 * The SMTP session: one state machine per connection that takes the lines and content the wire layer
 * ({@link dev.mta.smtpd.wire}) emits, decides what each command may do now, and answers in order.
 *
 * <p>Lives here: {@link dev.mta.smtpd.session.SmtpSession} (the channel handler), its {@link
 * dev.mta.smtpd.session.Phase}, the immutable {@link dev.mta.smtpd.session.SessionFacts} and the per-message
 * {@link dev.mta.smtpd.session.Transaction}; the pure per-verb checks ({@link dev.mta.smtpd.session.CommandChecks}),
 * the recipient and relay policy ({@link dev.mta.smtpd.session.RecipientPolicy}, aliases applied), the per-user
 * send rate ({@link dev.mta.smtpd.session.SendRateLimiter}), the trace header we prepend
 * ({@link dev.mta.smtpd.session.ReceivedHeader}), and what AUTH needs ({@link dev.mta.smtpd.session.SessionAuth}:
 * the authenticator and sender policy the session drives; the From header's domains it collects).
 *
 * <p>Must not live here: byte framing (the wire layer does it), blocking work of any kind (the handler runs on a
 * Netty event loop; files are read at start, the sink does its I/O on its own threads), and SASL mechanics,
 * password hashing and the users file (they live in {@link dev.mta.smtpd.auth}; the session only drives them).
 */
package dev.mta.smtpd.session;
