/**
 * The outbound SMTP client of the delivery engine: {@link dev.mta.delivery.client.SmtpClient} connects to an
 * address the caller resolved and sets up a session ({@link dev.mta.delivery.client.SmtpConnection}: greeting,
 * EHLO, STARTTLS per {@link dev.mta.delivery.client.TlsPolicy}, AUTH only over verified TLS); each
 * {@code send} is one transaction with per-recipient results. The strict reply decoder
 * ({@link dev.mta.delivery.client.SmtpReplyDecoder}) and the EHLO capability parser live here too.
 *
 * <p>Rules kept here: nothing blocks an event loop (the message is read on the content executor, block by
 * block); no command carries a CR or LF (DESIGN.md invariant 10); a malformed reply, a timeout or a lost
 * connection is a temporary result, never an exception (invariant 9); remote text is escaped before anyone sees
 * it (SECURITY.md S-07); plaintext after the 220 to STARTTLS drops the connection (S-05).
 *
 * <p>Not here: DNS and MX selection, retry and backoff, queue state, bounces. Those are built on top and decide
 * what a {@link dev.mta.delivery.client.ConnectResult.Failed} or a temporary result means for a message.
 */
package dev.mta.delivery.client;
