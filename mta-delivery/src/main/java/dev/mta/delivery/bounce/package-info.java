/**
 * Delivery status notifications (RFC 3464): the bounce for a message's failed recipients, and the short notice to
 * the postmaster when a message with the null sender fails (DESIGN.md invariant 6, RFC 5321 section 6.1). They
 * enter the queue through the {@link dev.mta.core.sink.MessageSink} like any other message.
 *
 * <p>What must not live here: deciding whether a recipient failed (the delivery engine does) or any SMTP.
 */
package dev.mta.delivery.bounce;
