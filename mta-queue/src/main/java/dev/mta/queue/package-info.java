/**
 * The persistent on-disk queue: durable commit, per-recipient state, recovery.
 */
package dev.mta.queue;
