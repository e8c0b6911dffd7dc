package dev.mta.daemon.systemd;

import dev.mta.daemon.Daemon;
import dev.mta.daemon.StartupException;
import dev.mta.daemon.TestConfigs;
import dev.mta.daemon.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotifyingDaemonTest {

    @TempDir
    Path tmp;

    @Test
    void saysReadyOnlyOnceTheListenersAnswerAndStoppingWhenTheStopBegins() throws Exception {
        String socket = tmp.resolve("notify").toString();
        try (NotifySocketReceiver systemd = NotifySocketReceiver.atPath(socket)) {
            NotifyingDaemon daemon = new NotifyingDaemon(
                    new Daemon(ConfigLoader.load(TestConfigs.write(tmp, "daemon.properties")), Clock.systemUTC()),
                    SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket)));
            try {
                daemon.start();

                assertEquals("STATUS=starting", systemd.next());
                String ready = systemd.next();
                assertTrue(ready.startsWith("READY=1\nSTATUS=serving on 127.0.0.1:"), ready);
                // The moment READY arrives, the first listener named in it greets a client.
                String first = ready.substring("READY=1\nSTATUS=serving on ".length()).split(", ")[0];
                int port = Integer.parseInt(first.substring(first.lastIndexOf(':') + 1));
                assertEquals("220 localhost ESMTP\r\n", greeting(new InetSocketAddress("127.0.0.1", port)));
            } finally {
                daemon.stop();
            }
            assertEquals("STOPPING=1\nSTATUS=stopping: finishing deliveries in flight", systemd.next());
        }
    }

    @Test
    void aReloadIsAnnouncedAndEndsWithReadyWhetherItWorkedOrNot() throws Exception {
        String socket = tmp.resolve("notify").toString();
        try (NotifySocketReceiver systemd = NotifySocketReceiver.atPath(socket)) {
            NotifyingDaemon daemon = new NotifyingDaemon(
                    new Daemon(ConfigLoader.load(TestConfigs.write(tmp, "daemon.properties")), Clock.systemUTC()),
                    SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket)));
            try {
                daemon.start();
                systemd.next(m -> m.startsWith("READY=1\n"));
                List<String> order = new ArrayList<>();

                daemon.reload(() -> order.add("reloaded"));
                IOException failure = assertThrows(IOException.class,
                        () -> daemon.reload(() -> {
                            throw new IOException("users file: line 3: not a user");
                        }));

                String reloading = systemd.next();
                assertTrue(reloading.startsWith("RELOADING=1\nSTATUS=reloading\nMONOTONIC_USEC="), reloading);
                String ready = systemd.next();
                assertTrue(ready.startsWith("READY=1\nSTATUS=reloaded; serving on 127.0.0.1:"), ready);
                assertTrue(systemd.next().startsWith("RELOADING=1\n"));
                assertEquals("READY=1\nSTATUS=reload failed, serving with the previous settings: "
                        + failure.getMessage(), systemd.next());
                assertEquals(List.of("reloaded"), order);
            } finally {
                daemon.stop();
            }
        }
    }

    @Test
    void aFailedStartIsReportedAsStatusAndNeverAsReady() throws Exception {
        String socket = tmp.resolve("notify").toString();
        // The spool's place is taken by a file: the queue directory cannot be made.
        Files.writeString(tmp.resolve("spool"), "not a directory");
        try (NotifySocketReceiver systemd = NotifySocketReceiver.atPath(socket)) {
            NotifyingDaemon daemon = new NotifyingDaemon(
                    new Daemon(ConfigLoader.load(TestConfigs.write(tmp, "daemon.properties")), Clock.systemUTC()),
                    SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", socket)));

            assertThrows(StartupException.class, daemon::start);

            assertEquals("STATUS=starting", systemd.next());
            String failed = systemd.next();
            assertTrue(failed.startsWith("STATUS=failed to start: queue directory "), failed);
        }
    }

    private static String greeting(InetSocketAddress address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(address, 10_000);
            socket.setSoTimeout(10_000);
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1; b = in.read()) {
                line.write(b);
                if (b == '\n') {
                    break;
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
