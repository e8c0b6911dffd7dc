/**
 * Talking to systemd: the {@code sd_notify} protocol (READY, RELOADING, STOPPING, STATUS and WATCHDOG datagrams
 * to {@code $NOTIFY_SOCKET}) and a daemon wrapper that says READY only once the listeners answer and STOPPING
 * before the stop begins.
 *
 * <p>Sent over Netty's native epoll Unix datagram channel on a thread of its own: no JNI of ours, no blocking
 * on the server's event loops. Without {@code NOTIFY_SOCKET} (started by hand, in tests, not on Linux) every
 * call does nothing.
 *
 * <p>What must not live here: the daemon's wiring and its start and stop ({@code dev.mta.daemon}), and anything
 * else systemd-specific that belongs in the unit file ({@code systemd/mta.service}).
 */
package dev.mta.daemon.systemd;
