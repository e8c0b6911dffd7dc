/**
 * The delivery engine: routing, outbound SMTP, retry and backoff, bounces.
 */
package dev.mta.delivery;
