/**
 * Test fixtures shared by the modules' tests, so no module keeps its own copy: test data
 * ({@link dev.mta.testkit.Envelopes}), assertions that know our values
 * ({@link dev.mta.testkit.EnvelopeAssertions}) and waiting on asynchronous results with a deadline
 * ({@link dev.mta.testkit.Stages}). Rooms of their own live in sub-packages, such as
 * {@link dev.mta.testkit.sink} for the {@code MessageSink} contract and the in-memory sink.
 *
 * <p>Used in test scope only. Nothing here sleeps to wait for an event, touches a fixed port or the machine's
 * clock, or holds static mutable state.
 */
package dev.mta.testkit;
