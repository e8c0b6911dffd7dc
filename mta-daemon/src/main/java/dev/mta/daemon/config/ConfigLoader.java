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
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PLACEHOLDER until the key registry lands: reads the fixed foundation keys ({@code hostname},
 * {@code state.directory}, {@code queue.directory}, {@code listeners}, {@code listener.<name>.address},
 * {@code listener.<name>.role}, {@code tls.certificate}, {@code tls.key}, {@code tls.self-signed-if-missing})
 * and reports every problem at once. Relative paths stay relative, so they resolve against the working
 * directory of the process.
 */
public final class ConfigLoader {

    private static final Set<String> FIXED_KEYS = Set.of("hostname", "state.directory", "queue.directory",
            "listeners", "tls.certificate", "tls.key", "tls.self-signed-if-missing");
    private static final Pattern LISTENER_KEY = Pattern.compile("listener\\.([^.]+)\\.(address|role)");
    private static final Pattern HOST_PORT = Pattern.compile("(?:\\[([0-9A-Fa-f:.]+)]|([^:\\[\\]]+)):(\\d{1,5})");

    private ConfigLoader() {
    }

    public static MtaConfig load(Path file) throws ConfigException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(List.of(file + ": cannot read: " + e.getMessage()));
        }
        Problems problems = new Problems(file);

        Set<String> listenerNames = new LinkedHashSet<>();
        String listenerList = required(p, "listeners", problems);
        if (listenerList != null) {
            for (String name : listenerList.split(",")) {
                name = name.trim();
                if (name.isEmpty() || name.contains(".")) {
                    problems.add("listeners", listenerList, "a comma-separated list of listener names without dots");
                } else if (!listenerNames.add(name)) {
                    problems.add("listeners", listenerList, "listener " + name + " is named twice");
                }
            }
        }
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            Matcher m = LISTENER_KEY.matcher(key);
            if (m.matches()) {
                if (!listenerNames.contains(m.group(1))) {
                    problems.add(key, p.getProperty(key), "listener " + m.group(1) + " is not in 'listeners'");
                }
            } else if (!FIXED_KEYS.contains(key)) {
                problems.add(key, p.getProperty(key), "unknown key");
            }
        }

        String hostname = required(p, "hostname", problems);
        Path state = path(p, "state.directory", "/var/lib/mta", problems);
        Path queue = path(p, "queue.directory", "/var/spool/mta", problems);
        List<ListenerSettings> listeners = new ArrayList<>();
        for (String name : listenerNames) {
            InetSocketAddress address = address(p, "listener." + name + ".address", problems);
            ListenerRole role = role(p, "listener." + name + ".role", problems);
            if (address != null && role != null) {
                listeners.add(new ListenerSettings(name, address, role));
            }
        }
        Path certificate = path(p, "tls.certificate", "/etc/mta/tls/cert.pem", problems);
        Path key = path(p, "tls.key", "/etc/mta/tls/key.pem", problems);
        boolean selfSigned = bool(p, "tls.self-signed-if-missing", false, problems);

        if (!problems.list.isEmpty()) {
            throw new ConfigException(problems.list);
        }
        return new MtaConfig(file, hostname, state,
                new SmtpdSettings(listeners, new ServerTlsSettings(certificate, key, selfSigned)),
                new QueueSettings(queue));
    }

    private static String required(Properties p, String key, Problems problems) {
        String value = p.getProperty(key);
        if (value == null || value.isBlank()) {
            problems.add(key, value, "required");
            return null;
        }
        return value.trim();
    }

    private static Path path(Properties p, String key, String defaultValue, Problems problems) {
        String value = p.getProperty(key, defaultValue).trim();
        try {
            if (!value.isEmpty()) {
                return Path.of(value);
            }
        } catch (InvalidPathException e) {
            // reported below
        }
        problems.add(key, value, "a file system path");
        return null;
    }

    private static boolean bool(Properties p, String key, boolean defaultValue, Problems problems) {
        String value = p.getProperty(key);
        if (value == null) {
            return defaultValue;
        }
        return switch (value.trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> {
                problems.add(key, value, "true or false");
                yield defaultValue;
            }
        };
    }

    private static ListenerRole role(Properties p, String key, Problems problems) {
        String value = required(p, key, problems);
        if (value == null) {
            return null;
        }
        try {
            return ListenerRole.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(key, value, "smtp, submission or submissions");
            return null;
        }
    }

    private static InetSocketAddress address(Properties p, String key, Problems problems) {
        String value = required(p, key, problems);
        if (value == null) {
            return null;
        }
        Matcher m = HOST_PORT.matcher(value);
        int port = m.matches() ? Integer.parseInt(m.group(3)) : -1;
        if (port < 0 || port > 65535) {
            problems.add(key, value, "host:port with a port from 0 to 65535, an IPv6 address in brackets ([::]:25)");
            return null;
        }
        InetSocketAddress address = new InetSocketAddress(m.group(1) != null ? m.group(1) : m.group(2), port);
        if (address.isUnresolved()) {
            problems.add(key, value, "an address of this host");
            return null;
        }
        return address;
    }

    /** Problems found so far, each naming file, key, value and what is allowed. */
    private static final class Problems {
        private final Path file;
        private final List<String> list = new ArrayList<>();

        Problems(Path file) {
            this.file = file;
        }

        void add(String key, String value, String allowed) {
            list.add(file + ": " + key + (value == null ? "" : " = " + value) + ": " + allowed);
        }
    }
}
