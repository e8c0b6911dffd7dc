/** Tests of the record codec: round trips, hostile values, corruption. */
package dev.mta.queue.record;
