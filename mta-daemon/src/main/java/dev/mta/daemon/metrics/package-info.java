/**
 * What an operator watches: the Prometheus metrics (queue depth, messages queued, delivery outcomes and delays,
 * open connections, DKIM signatures) and the {@code /health} answer, served over HTTP by the official Prometheus
 * Java client on threads of its own.
 *
 * <p>Metrics are fed by observers the daemon hands to the modules (a counting stage in front of the queue, the
 * delivery engine's {@code DeliveryObserver}) and by gauges read at scrape time; one registry per daemon, never
 * the client's static default registry.
 *
 * <p>What must not live here: anything that decides what happens to mail; an observer only counts, and must
 * never block or throw into the code that calls it.
 */
package dev.mta.daemon.metrics;
