/**
 * Tests of the AUTH building blocks: table-driven parsers (users file, hashes, SASL exchanges, sender policy),
 * interop with other implementations' hashes, the throttle on a fake clock, and the authenticator on a real
 * executor. No test here opens a socket; the session tests do that.
 */
package dev.mta.smtpd.auth;
