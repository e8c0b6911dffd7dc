/**
 * The delivery engine: the {@link dev.mta.delivery.DeliveryScheduler} loop over the queue's due index, one
 * {@link dev.mta.delivery.MessageDelivery} per message (outcomes recorded durably, Postfix-style log lines, expiry,
 * DSNs), one {@link dev.mta.delivery.DeliveryAttempt} per destination (route, connect hop by hop, one transaction),
 * the outcome types ({@link dev.mta.delivery.DeliveryOutcome}, classified by reply code only, DESIGN.md invariant
 * 9), the retry {@link dev.mta.delivery.Backoff}, and the engine's settings records. Routing lives in
 * {@code route}, DSNs in {@code bounce}, the outbound SMTP client in {@code client}.
 *
 * <p>What must not live here: listeners or anything of the SMTP server, queue storage (the queue is used through
 * its public API), configuration parsing (the daemon binds settings), and blocking work on a Netty event loop.
 */
package dev.mta.delivery;
