package dev.mta.core.dns;

import dev.mta.core.config.IpAddresses;
import dev.mta.core.config.InvalidValueException;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What we take from {@code /etc/resolv.conf}: the {@code nameserver} lines and the {@code timeout:} and
 * {@code attempts:} options, read as glibc does (resolv.conf(5)): at most three servers, later keywords win for
 * options, unknown keywords and bad lines ignored. Search domains are not used: mail domains are always fully
 * qualified.
 *
 * @param nameservers the servers in file order, at most {@value #MAX_NAMESERVERS}; empty if the file names none
 * @param timeout     the {@code timeout:n} option, if given
 * @param attempts    the {@code attempts:n} option, if given
 */
public record ResolvConf(List<InetAddress> nameservers, Optional<Duration> timeout, OptionalInt attempts) {

    /** glibc's MAXNS: further {@code nameserver} lines are ignored. */
    public static final int MAX_NAMESERVERS = 3;

    /** resolv.conf(5) caps {@code timeout:} at 30 seconds and {@code attempts:} at 5. */
    private static final int MAX_TIMEOUT_SECONDS = 30;
    private static final int MAX_ATTEMPTS = 5;

    public ResolvConf {
        nameservers = List.copyOf(nameservers);
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(attempts, "attempts");
    }

    /** Parses the text of a resolv.conf file; never fails, since the resolver library ignores what it cannot read. */
    public static ResolvConf parse(String text) {
        List<InetAddress> servers = new ArrayList<>();
        Optional<Duration> timeout = Optional.empty();
        OptionalInt attempts = OptionalInt.empty();
        for (String rawLine : text.split("\n", -1)) {
            String line = stripComment(rawLine).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("[ \t]+");
            if (words[0].equals("nameserver") && words.length >= 2 && servers.size() < MAX_NAMESERVERS) {
                parseAddress(words[1]).ifPresent(servers::add);
            } else if (words[0].equals("options")) {
                for (int i = 1; i < words.length; i++) {
                    OptionalInt t = optionValue(words[i], "timeout:", MAX_TIMEOUT_SECONDS);
                    if (t.isPresent()) {
                        timeout = Optional.of(Duration.ofSeconds(Math.max(1, t.getAsInt())));
                    }
                    OptionalInt a = optionValue(words[i], "attempts:", MAX_ATTEMPTS);
                    if (a.isPresent()) {
                        attempts = OptionalInt.of(Math.max(1, a.getAsInt()));
                    }
                }
            }
        }
        return new ResolvConf(servers, timeout, attempts);
    }

    private static String stripComment(String line) {
        // resolv.conf(5): a line starting with ';' or '#' is a comment; glibc also cuts at either character.
        int cut = line.length();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '#' || c == ';') {
                cut = i;
                break;
            }
        }
        return line.substring(0, cut);
    }

    private static Optional<InetAddress> parseAddress(String text) {
        // An IPv6 address with a zone (fe80::1%eth0) is refused by our strict parser; such a server is skipped
        // rather than guessed at.
        try {
            return Optional.of(IpAddresses.parse(text));
        } catch (InvalidValueException e) {
            return Optional.empty();
        }
    }

    private static OptionalInt optionValue(String word, String prefix, int max) {
        if (!word.startsWith(prefix)) {
            return OptionalInt.empty();
        }
        String digits = word.substring(prefix.length());
        if (digits.isEmpty() || digits.length() > 3 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(Math.min(max, Integer.parseInt(digits)));
    }
}
