/**
 * The persistent on-disk queue (ADR 0002): {@link dev.mta.queue.QueueStore} implements the
 * {@code MessageSink} port over an append-only segment log with group commit, reads entries back through
 * {@link dev.mta.queue.QueueReader}, records per-recipient state durably, and recovers at start (discarding
 * half-written entries, quarantining what cannot be trusted into {@code corrupt/}, rebuilding the schedule in
 * the background), compacts old segments, and holds, releases, flushes and deletes messages for the operator.
 * {@link dev.mta.queue.SpoolSnapshot} reads a stopped queue without changing it, for the offline queue commands. Every
 * frame is tagged with a per-spool key ({@link dev.mta.queue.SpoolKey}), so message content can never pass for
 * a frame. File access goes through {@link dev.mta.queue.Storage} so tests can inject faults.
 *
 * <p>Not here: SMTP, delivery, retry policy, the queue commands and the control socket. Nothing in this
 * package runs on a caller's thread longer than it takes to hand work to the queue's own threads.
 */
package dev.mta.queue;
