/**
 * Test support for the {@link dev.mta.core.sink.MessageSink} port: {@link dev.mta.testkit.sink.MessageSinkContract},
 * the JUnit 5 contract every implementation runs in its own tests, and
 * {@link dev.mta.testkit.sink.InMemoryMessageSink}, the sink the SMTP server's tests use, with controls to fill
 * it, fail a write or a commit, and hold commits back.
 *
 * <p>No real storage here: the queue module implements the port, and runs the contract against it.
 */
package dev.mta.testkit.sink;
