/**
 * Small value types that configuration files are made of: data sizes, durations, rates, host:port pairs,
 * next hops in the route form, CIDR networks, domain names and IP literals, secrets. Each has a strict parser
 * that throws {@link dev.mta.core.config.InvalidValueException} saying what is allowed, and a canonical
 * {@code toString()} that parses back to an equal value.
 *
 * <p>Values only: no file reading, no key names, no defaults, no DNS (an IP literal is parsed from validated
 * text, a host name is never resolved here). Must not import Apache Commons Configuration: only mta-daemon
 * reads the configuration file.
 */
package dev.mta.core.config;
