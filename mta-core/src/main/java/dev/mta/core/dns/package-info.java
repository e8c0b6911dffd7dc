/**
 * The DNS resolver mail routing and DKIM verification ask: MX, A/AAAA, TXT and TLSA lookups over dnsjava's
 * wire-level {@link org.xbill.DNS.Resolver}, asynchronous, with a TTL cache, and with answers as values
 * ({@link dev.mta.core.dns.DnsResult}): records, NXDOMAIN, no data, null MX, or a temporary failure that defers
 * (DESIGN.md invariant 9).
 *
 * <p>Everything is injected: the servers and limits ({@link dev.mta.core.dns.DnsSettings}), the executor the
 * answers complete on, and the clock the cache reads. Must not use dnsjava's static defaults
 * ({@code Lookup.setDefault*}, {@code ResolverConfig.getCurrent()}, {@code SimpleResolver.setDefaultResolver})
 * and must not block the caller, which may be a Netty event loop. Routing decisions (implicit MX, loops to
 * ourselves, shuffling equal preferences) belong to the delivery engine, not here.
 */
package dev.mta.core.dns;
