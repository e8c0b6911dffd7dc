/**
 * The SMTP server: listeners, session state machine, DATA/BDAT, STARTTLS, SASL, relay policy, limits.
 */
package dev.mta.smtpd;
