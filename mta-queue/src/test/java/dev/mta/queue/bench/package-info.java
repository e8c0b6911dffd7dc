/** Measurements behind the queue's design decisions: main classes, never run as tests. */
package dev.mta.queue.bench;
