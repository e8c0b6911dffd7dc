/**
 * Routing: from a recipient's domain to the ordered list of hosts and addresses to try (per-domain routes, the
 * relay host, MX records with RFC 5321 section 5.1 ordering, the implicit MX, null MX per RFC 7505) and the loop
 * check against our own host name and listener addresses. DNS answers are read through
 * {@link dev.mta.core.dns.DnsResolver}, never here.
 *
 * <p>What must not live here: connections, SMTP, queue state or retry decisions; a route is a value the delivery
 * attempt acts on.
 */
package dev.mta.delivery.route;
