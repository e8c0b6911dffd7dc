/**
 * The configuration binder: reads the one properties file with Apache Commons Configuration (reading and
 * {@code ${env:VAR}} interpolation only), checks every key against the registry in {@link
 * dev.mta.daemon.config.MtaKeys} (name or family pattern, type, default, one line of doc, secret flag), collects
 * every error with file, key, value and what is allowed, runs the checks that span keys, and binds the result
 * into the modules' own immutable settings records, aggregated in {@link dev.mta.daemon.config.MtaConfig}.
 *
 * <p>This is the only package in the project that imports Commons Configuration; the modules see records only.
 * Nothing here opens sockets, reads key or certificate files, or resolves names: a valid configuration is one
 * whose text is right, and the daemon reports what it finds on disk when it starts.
 */
package dev.mta.daemon.config;
