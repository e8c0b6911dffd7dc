/**
 * A real DNS server for tests, {@link dev.mta.testkit.dns.LoopbackDnsServer}: UDP and TCP on 127.0.0.1, a zone
 * the test fills, and misbehaviour on demand (SERVFAIL, REFUSED, silence, delay, truncation), so the resolver is
 * tested over the wire instead of against a mock. Also {@link dev.mta.testkit.dns.ManualClock}, the clock a test
 * moves to expire cached answers.
 *
 * <p>Test scope only. Nothing here resolves names on the machine's resolver, binds a fixed port or holds static
 * mutable state.
 */
package dev.mta.testkit.dns;
