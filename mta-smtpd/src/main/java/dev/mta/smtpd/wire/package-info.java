/**
 * The SMTP server's wire layer: the Netty decoders that turn octets from the client into command lines,
 * message content and their end marks, strictly enough that SMTP smuggling and STARTTLS injection cannot work
 * (DESIGN.md invariants 3, 7 and 8; SECURITY.md S-01, S-04).
 *
 * <p>Lives here: {@link dev.mta.smtpd.wire.SmtpLineDecoder} (CRLF-only command lines with length limits),
 * {@link dev.mta.smtpd.wire.DataDecoder} (content after 354 up to {@code CRLF.CRLF}),
 * {@link dev.mta.smtpd.wire.BdatTransfer} and {@link dev.mta.smtpd.wire.BdatDecoder} (length-delimited BDAT
 * chunks), the messages they emit, and in {@code command} the parser from a line to a
 * {@link dev.mta.smtpd.wire.command.Command}. Bad input becomes a message carrying the reply, never an
 * exception thrown into the pipeline. Each decoder works alone in an {@code EmbeddedChannel}.
 *
 * <p>Must not live here: the session state machine (which verb is allowed when, which extension is
 * offered), policy (relay, authentication, recipients), anything blocking or touching the queue. The decoders
 * keep state per channel and never the whole message: memory is bounded by a line or a chunk.
 */
package dev.mta.smtpd.wire;
