package dev.mta.daemon.config;

import dev.mta.queue.QueueSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ListenerSettings;
import dev.mta.smtpd.ServerTlsSettings;
import dev.mta.smtpd.SmtpdSettings;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** PLACEHOLDER until the key registry lands: reads a handful of keys without validation. */
public final class ConfigLoader {

    private ConfigLoader() {
    }

    public static MtaConfig load(Path file) throws ConfigException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        Path base = file.toAbsolutePath().getParent();
        List<ListenerSettings> listeners = new ArrayList<>();
        for (String name : p.getProperty("listeners", "smtp").split(",")) {
            name = name.trim();
            listeners.add(new ListenerSettings(name,
                    new InetSocketAddress(p.getProperty("listener." + name + ".address", "127.0.0.1"),
                            Integer.parseInt(p.getProperty("listener." + name + ".port", "2525"))),
                    ListenerRole.valueOf(p.getProperty("listener." + name + ".role", "smtp").toUpperCase())));
        }
        Path state = base.resolve(p.getProperty("state.directory", "var/lib"));
        return new MtaConfig(file, p.getProperty("hostname", "localhost"), state,
                new SmtpdSettings(listeners, new ServerTlsSettings(state.resolve("tls/cert.pem"),
                        state.resolve("tls/key.pem"), true)),
                new QueueSettings(base.resolve(p.getProperty("queue.directory", "var/spool"))));
    }
}
