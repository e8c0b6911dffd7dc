package dev.mta.daemon.systemd;

import dev.mta.daemon.Daemon;
import dev.mta.daemon.StartupException;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The daemon as systemd sees it: {@code READY=1} once {@link Daemon#start()} has returned, that is once every
 * listener is bound and answers, the queue is open and its directory writable (DESIGN.md "Start, stop,
 * reload": the background scan of the queue may still run); {@code STOPPING=1} before the stop begins, so
 * systemd knows a slow stop (deliveries finishing) is a stop and not a hang; {@code RELOADING=1} and
 * {@code READY=1} around a {@link #reload reload}.
 */
public final class NotifyingDaemon {

    private final Daemon daemon;
    private final SystemdNotifier notifier;
    private volatile String status = "starting";

    public NotifyingDaemon(Daemon daemon, SystemdNotifier notifier) {
        this.daemon = Objects.requireNonNull(daemon, "daemon");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    /**
     * Starts the daemon and then says READY, with the bound addresses as status.
     *
     * @return the bound listener addresses
     * @throws StartupException as {@link Daemon#start()}; systemd then gets the reason as status (the exit
     *                          status tells it the rest) and the notifier is closed
     */
    public List<InetSocketAddress> start() throws StartupException {
        notifier.status("starting");
        List<InetSocketAddress> bound;
        try {
            bound = daemon.start();
        } catch (StartupException e) {
            notifier.status("failed to start: " + e.getMessage());
            notifier.close();
            throw e;
        }
        status = readyStatus(bound);
        notifier.ready(status);
        return bound;
    }

    /**
     * Runs a reload between {@code RELOADING=1} (with {@code MONOTONIC_USEC}) and {@code READY=1}. systemd holds
     * the unit in "reloading" until READY comes, so READY is sent whether the reload worked or not: a reload
     * that fails leaves the daemon serving with what it had, and the status says so. Call from the thread that
     * handles SIGHUP, never an event loop.
     *
     * @param reload re-reads what can be re-read and swaps it in (the daemon's reload)
     * @throws Exception what {@code reload} threw, after READY was sent
     */
    public void reload(Reload reload) throws Exception {
        notifier.reloading("reloading");
        try {
            reload.run();
        } catch (Exception | Error e) {
            notifier.ready("reload failed, serving with the previous settings: " + e.getMessage());
            throw e;
        }
        notifier.ready("reloaded; " + status);
    }

    /** A reload of the daemon. */
    @FunctionalInterface
    public interface Reload {
        void run() throws Exception;
    }

    /** Says STOPPING, stops the daemon, and closes the notifier. */
    public void stop() {
        notifier.stopping("stopping: finishing deliveries in flight");
        try {
            daemon.stop();
        } finally {
            notifier.close();
        }
    }

    /** Waits until {@link #stop()} has finished. */
    public void awaitStopped() throws InterruptedException {
        daemon.awaitStopped();
    }

    /** "serving on 127.0.0.1:25, 127.0.0.1:587": what {@code systemctl status} shows while running. */
    static String readyStatus(List<InetSocketAddress> bound) {
        return "serving on " + bound.stream().map(Daemon::hostPort).collect(Collectors.joining(", "));
    }
}
