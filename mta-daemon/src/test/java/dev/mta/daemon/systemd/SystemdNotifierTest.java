package dev.mta.daemon.systemd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemdNotifierTest {

    @TempDir
    Path tmp;

    @Test
    void sendsEachMessageAsOneDatagramToASocketPath() throws Exception {
        String path = tmp.resolve("notify").toString();
        try (NotifySocketReceiver systemd = NotifySocketReceiver.atPath(path);
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path))) {
            assertTrue(notifier.active());

            notifier.status("starting");
            notifier.ready("serving");
            notifier.stopping("stopping");

            assertEquals("STATUS=starting", systemd.next());
            assertEquals("READY=1\nSTATUS=serving", systemd.next());
            assertEquals("STOPPING=1\nSTATUS=stopping", systemd.next());
        }
    }

    @Test
    void reachesASocketInTheAbstractNamespace() throws Exception {
        String name = "mta-test-" + UUID.randomUUID();
        try (NotifySocketReceiver systemd = NotifySocketReceiver.abstractNamed(name);
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", "@" + name))) {
            notifier.ready("serving");

            assertEquals("READY=1\nSTATUS=serving", systemd.next());
        }
    }

    @Test
    void aReloadCarriesTheMonotonicTimeBetweenReadingsTakenAroundIt() throws Exception {
        String path = tmp.resolve("notify").toString();
        try (NotifySocketReceiver systemd = NotifySocketReceiver.atPath(path);
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path))) {
            long before = System.nanoTime() / 1_000;
            notifier.reloading("reloading");
            long after = System.nanoTime() / 1_000;
            notifier.ready("serving");

            String reloading = systemd.next();
            assertTrue(reloading.startsWith("RELOADING=1\nSTATUS=reloading\nMONOTONIC_USEC="), reloading);
            long sent = Long.parseLong(reloading.substring(reloading.lastIndexOf('=') + 1));
            assertTrue(before <= sent && sent <= after, before + " <= " + sent + " <= " + after);
            assertEquals("READY=1\nSTATUS=serving", systemd.next());
        }
    }

    @Test
    void aStatusStaysOneAssignment() throws Exception {
        String path = tmp.resolve("notify").toString();
        try (NotifySocketReceiver systemd = NotifySocketReceiver.atPath(path);
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path))) {
            notifier.status("bad\nREADY=1\r\nline");

            assertEquals("STATUS=bad READY=1  line", systemd.next());
        }
    }

    @Test
    void pingsTheWatchdogWhenAskedForThisProcess() throws Exception {
        String path = tmp.resolve("notify").toString();
        String pid = Long.toString(ProcessHandle.current().pid());
        try (NotifySocketReceiver systemd = NotifySocketReceiver.atPath(path);
             SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path,
                     "WATCHDOG_USEC", "200000", "WATCHDOG_PID", pid))) {
            assertTrue(notifier.active());
            assertEquals("WATCHDOG=1", systemd.next());
            assertEquals("WATCHDOG=1", systemd.next());
        }
    }

    @Test
    void withoutNotifySocketNothingIsSentAndEveryCallCompletes() throws Exception {
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "1000"))) {
            assertFalse(notifier.active());
            notifier.ready("serving").toCompletableFuture().get();
            notifier.stopping("stopping").toCompletableFuture().get();
        }
    }

    @Test
    void aSocketThatIsGoneFailsTheSendButNotTheCaller() throws Exception {
        String path = tmp.resolve("nobody-listens").toString();
        try (SystemdNotifier notifier = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path))) {
            assertTrue(notifier.ready("serving").toCompletableFuture().handle((v, e) -> e != null).get(),
                    "the send fails");
        }
    }
}
