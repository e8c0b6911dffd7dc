/**
 * The building blocks of SMTP AUTH (RFC 4954) that the session calls: the users file and its reloadable
 * snapshot, password hashes (Argon2id, bcrypt), the SASL PLAIN (RFC 4616) and LOGIN exchanges as pure state
 * machines, the authenticator that checks a password on a worker pool, the per-IP brute-force throttle, and
 * the sender policy (which MAIL FROM addresses and From header domains an authenticated user may use), the
 * bounded pool the checks run on ({@link dev.mta.smtpd.auth.HashingPool}), and the line edits behind
 * {@code mta user} ({@link dev.mta.smtpd.auth.UsersFileEditor}, pure functions of the file's text).
 *
 * <p>Lives here: pure values and functions, plus the two places that do work the event loop must not do:
 * {@link dev.mta.smtpd.auth.UserDirectory#load} (disk) and {@link dev.mta.smtpd.auth.Authenticator} (hashing,
 * always on the executor it is given; DESIGN.md invariant 2).
 *
 * <p>Must not live here: the session state machine, reading lines from the socket, TLS, writing replies,
 * scheduling (the session schedules the delayed failure reply on its own event loop), configuration binding,
 * and the {@code mta user} command itself (reading the password, writing the file). Nothing here logs a password, a hash or AUTH data.
 */
package dev.mta.smtpd.auth;
