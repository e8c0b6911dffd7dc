/**
 * {@code mta sendmail}: the sendmail(8) command line that PHP, cron, Git, mail(1) and monitoring tools call. It
 * reads the message on standard input, normalizes it for SMTP (CRLF line ends, dot-stuffing), works out the
 * envelope (arguments, {@code -t}, {@code -f}, names qualified with {@code origin.domain}) and hands the message
 * to the running daemon over the local submission socket, whose session adds the trace, Message-ID and Date and
 * signs it like any locally originated mail (DESIGN.md, "Local sockets"). Exit statuses follow sysexits(3)
 * ({@link dev.mta.daemon.sendmail.SysExit}), because the callers expect them, not mta's 0/1/2.
 *
 * <p>What must not live here: anything that writes to the queue directly. The daemon is the one door into the
 * queue; when it is down, sendmail says so and exits 75, and the caller keeps the message.
 */
package dev.mta.daemon.sendmail;
