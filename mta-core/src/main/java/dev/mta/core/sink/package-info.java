/**
 * The {@link dev.mta.core.sink.MessageSink} port through which every message enters the queue, and the values
 * that travel with a message: envelope, recipients, parameters, origin and queue id. No storage here: the
 * queue module implements the port.
 */
package dev.mta.core.sink;
