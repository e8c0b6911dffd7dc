/**
 * The control socket and the queue commands that use it (DESIGN.md "Local sockets"): a Unix domain stream socket,
 * mode 0600, served by {@link dev.mta.daemon.control.ControlSocket} on a thread of its own (never a Netty event
 * loop), and {@link dev.mta.daemon.control.QueueControl}, which answers list, show, flush, hold, release and
 * delete against the running daemon's queue. {@link dev.mta.daemon.control.QueueListing} renders the listing
 * and a message's details the same way for the daemon and for the offline commands.
 *
 * <p>The protocol, one exchange per connection: the client sends one request line, UTF-8, ending in LF, at most
 * {@value dev.mta.daemon.control.ControlRequest#MAX_LENGTH} bytes: words separated by one space, the first the
 * command ({@code list}, {@code list-json}, {@code show}, {@code show-body}, {@code flush}, {@code hold},
 * {@code release}, {@code delete}, {@code delete-deferred}, {@code delete-from}), the others its arguments, each
 * percent-encoded ({@code %XX} for every byte that is not a printable ASCII character other than space and
 * {@code %}). The daemon answers one status line, {@code ok} or {@code error <reason>}, then the output text,
 * and closes. A request not complete within a few seconds, overlong, or not well formed gets an {@code error}
 * line and the connection closed.
 *
 * <p>Not here: queue storage (mta-queue), the command line itself ({@code dev.mta.daemon.cli}). Everything sent
 * back is text whose control characters, in remote reply texts and message content alike, are escaped
 * ({@link dev.mta.daemon.control.TerminalText}): nothing that reaches an operator's terminal can drive it.
 */
package dev.mta.daemon.control;
