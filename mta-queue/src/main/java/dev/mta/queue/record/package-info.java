/**
 * The envelope/state record stored with every queued message: {@link dev.mta.queue.record.QueueRecord} and
 * its strict, versioned, human-readable text codec {@link dev.mta.queue.record.RecordCodec}. Values and
 * bytes only: no files, no threads; the store decides where records go.
 */
package dev.mta.queue.record;
