/**
 * DKIM signing and verification.
 */
package dev.mta.dkim;
