/**
 * Mailboxes, domains and paths as SMTP carries them (RFC 5321 section 4.1.2, RFC 6531), and their parser.
 * Values only: no DNS, no policy about which domains are ours.
 */
package dev.mta.core.address;
