/** Tests of the queue store: durability, recovery, fault injection, crash tests. */
package dev.mta.queue;
