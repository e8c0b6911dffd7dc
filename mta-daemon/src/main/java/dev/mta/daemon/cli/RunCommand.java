package dev.mta.daemon.cli;

import dev.mta.daemon.Daemon;
import dev.mta.daemon.ExitZeroOnSignal;
import dev.mta.daemon.ReloadOnHangup;
import dev.mta.daemon.StartupException;
import dev.mta.daemon.config.ConfigException;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.MtaConfig;
import dev.mta.daemon.systemd.NotifyingDaemon;
import dev.mta.daemon.systemd.SystemdNotifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;

/**
 * {@code mta run}: runs the mail server in the foreground until SIGTERM or SIGINT, then stops cleanly and
 * exits 0; SIGHUP re-reads certificates, users, aliases, recipients and DKIM keys ({@link Daemon#reload()}).
 * Configuration errors go to stderr, every one of them, with exit status 2; a start that fails for another reason
 * (a directory that cannot be written, a port in use) exits 1. Under systemd ({@code Type=notify}) it says READY=1
 * once serving, RELOADING=1 then READY=1 around a reload, and STOPPING=1 when the stop begins.
 */
@Command(name = "run", description = "Run the mail server in the foreground until SIGTERM or SIGINT.")
public final class RunCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

    @Mixin
    private ConfigFileOption config;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        MtaConfig configuration;
        try {
            configuration = ConfigLoader.load(config.file());
        } catch (ConfigException e) {
            e.errors().forEach(err::println);
            err.flush();
            return 2;
        }
        log.info("starting mta {} with {} (pid {})", ManifestVersionProvider.version(), config.file(),
                ProcessHandle.current().pid());
        Daemon server = new Daemon(configuration, Clock.systemUTC());
        NotifyingDaemon daemon = new NotifyingDaemon(server, SystemdNotifier.fromEnvironment(System.getenv()));
        // Before the start, so that an early SIGHUP (a reload right after a deploy) cannot end the JVM; a reload
        // before the daemon runs does nothing.
        new ReloadOnHangup(() -> {
            try {
                daemon.reload(server::reload);
            } catch (Exception e) {
                log.error("reload failed, serving with the previous settings: {}", e.toString());
            }
        }).install();
        try {
            daemon.start();
        } catch (StartupException e) {
            err.println("mta: " + e.getMessage());
            err.flush();
            return e.status().code();
        }
        ExitZeroOnSignal onSignal = new ExitZeroOnSignal(daemon::stop);
        onSignal.install();
        try {
            daemon.awaitStopped();
        } finally {
            onSignal.uninstall();
        }
        return 0;
    }
}
