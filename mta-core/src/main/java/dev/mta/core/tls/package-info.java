/**
 * TLS material: a private key and its certificate chain, read from PEM files, and a self-signed pair made for
 * development, written to disk atomically with the key never readable by others.
 *
 * <p>What must not live here: {@code SSLContext} or Netty {@code SslContext} building (the SMTP server and the
 * delivery client each build their own from a {@link dev.mta.core.tls.TlsMaterial}), trust decisions, and
 * anything that registers a JCA provider globally. Everything here does file I/O and public-key arithmetic, so
 * it is called at start or reload, never on an event loop.
 */
package dev.mta.core.tls;
