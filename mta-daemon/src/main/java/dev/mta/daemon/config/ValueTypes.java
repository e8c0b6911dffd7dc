package dev.mta.daemon.config;

import dev.mta.core.address.Domain;
import dev.mta.core.config.Cidr;
import dev.mta.core.config.DataSize;
import dev.mta.core.config.DomainNames;
import dev.mta.core.config.Durations;
import dev.mta.core.config.HostAndPort;
import dev.mta.core.config.InvalidValueException;
import dev.mta.core.config.IpAddresses;
import dev.mta.core.config.NextHop;
import dev.mta.core.config.Rate;
import dev.mta.core.config.Secret;

import java.net.InetAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The value types of the configuration keys. Parsers are strict: nothing is clamped, rounded or guessed. */
final class ValueTypes {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    /** RFC 5322 section 3.2.3 atext, for the local part of a notice address. */
    private static final Pattern DOT_ATOM =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    private ValueTypes() {
    }

    static final ValueType<Boolean> BOOLEAN = new ValueType<>(text -> switch (text) {
        case "true" -> true;
        case "false" -> false;
        default -> throw new InvalidValueException("must be true or false");
    }, String::valueOf);

    static final ValueType<Integer> POSITIVE_INT = new ValueType<>(ValueTypes::positiveInt, String::valueOf);

    static final ValueType<DataSize> POSITIVE_SIZE = new ValueType<>(text -> {
        DataSize size = DataSize.parse(text);
        if (size.bytes() == 0) {
            throw new InvalidValueException("must be at least 1 byte");
        }
        return size;
    }, DataSize::toString);

    static final ValueType<Duration> POSITIVE_DURATION = new ValueType<>(text -> {
        Duration d = Durations.parse(text);
        if (d.isZero()) {
            throw new InvalidValueException("must be longer than zero");
        }
        return d;
    }, Durations::format);

    /** A duration that may be zero (a feature switched off by its length). */
    static final ValueType<Duration> DURATION = new ValueType<>(Durations::parse, Durations::format);

    static final ValueType<Rate> RATE = new ValueType<>(Rate::parse, Rate::toString);

    /** A host name, in A-label form. */
    static final ValueType<String> HOST_NAME = new ValueType<>(text -> DomainNames.parse(text).ascii(), s -> s);

    static final ValueType<Domain> DOMAIN = new ValueType<>(DomainNames::parse, Domain::ascii);

    static final ValueType<Path> PATH = new ValueType<>(ValueTypes::path, Path::toString);

    /** A path, or nothing when empty. */
    static final ValueType<Optional<Path>> OPTIONAL_PATH = optional(PATH);

    /** An address to bind: an IP address and a port, since binding must not depend on DNS. */
    static final ValueType<HostAndPort> LISTEN_ADDRESS = new ValueType<>(text -> {
        HostAndPort hp = HostAndPort.parse(text);
        if (!hp.isAddress()) {
            throw new InvalidValueException("a listener binds to an IP address, not a name: use 0.0.0.0:port or "
                    + "[::]:port for every address, 127.0.0.1:port for loopback only");
        }
        return hp;
    }, HostAndPort::toString);

    static final ValueType<NextHop> NEXT_HOP = new ValueType<>(NextHop::parse, NextHop::toString);

    static final ValueType<Optional<NextHop>> OPTIONAL_NEXT_HOP = optional(NEXT_HOP);

    /** An IP address literal, never a name: a name here would be looked up in DNS at every start. */
    static final ValueType<Optional<InetAddress>> OPTIONAL_IP_ADDRESS =
            optional(new ValueType<>(IpAddresses::parse, IpAddresses::format));

    static final ValueType<Optional<String>> OPTIONAL_TEXT = optional(new ValueType<>(text -> text, s -> s));

    static final ValueType<Optional<Secret>> OPTIONAL_SECRET =
            optional(new ValueType<>(Secret::new, Secret::value));

    static final ValueType<List<String>> NAMES = uniqueList(new ValueType<>(text -> {
        if (!NAME.matcher(text).matches()) {
            throw new InvalidValueException("a name has letters, digits, '-' and '_' only");
        }
        return text;
    }, s -> s), Function.identity());

    static final ValueType<List<Domain>> DOMAINS = uniqueList(DOMAIN, Domain::ascii);

    /** DNS servers as IP address and port: the resolver must not need DNS to find DNS. */
    static final ValueType<List<HostAndPort>> DNS_SERVERS = uniqueList(new ValueType<>(text -> {
        HostAndPort hp = HostAndPort.parse(text);
        if (!hp.isAddress()) {
            throw new InvalidValueException("a DNS server is an IP address and a port: 192.0.2.53:53 or "
                    + "[2001:db8::53]:53");
        }
        return hp;
    }, HostAndPort::toString), HostAndPort::toString);

    static final ValueType<List<Cidr>> NETWORKS = uniqueList(new ValueType<>(text -> {
        Cidr cidr = Cidr.parse(text);
        if (cidr.prefixLength() == 0) {
            // Invariant 5 of DESIGN.md: /0 would let every client on the Internet relay.
            throw new InvalidValueException("/0 would let every client relay: an open relay");
        }
        return cidr;
    }, Cidr::toString), Cidr::toString);

    static final ValueType<Optional<NoticeAddress>> NOTICE_ADDRESS = new ValueType<>(text -> {
        if (text.equals("none")) {
            return Optional.empty();
        }
        int at = text.lastIndexOf('@');
        String local = at < 0 ? text : text.substring(0, at);
        if (!DOT_ATOM.matcher(local).matches() || local.length() > 64) {
            throw new InvalidValueException("must be none, a local part (e.g. postmaster) or an address "
                    + "(e.g. admin@example.com) with a plain local part of at most 64 characters");
        }
        Optional<Domain> domain = at < 0 ? Optional.empty() : Optional.of(DomainNames.parse(text.substring(at + 1)));
        return Optional.of(new NoticeAddress(local, domain));
    }, value -> value.map(NoticeAddress::toString).orElse("none"));

    /** A local part, qualified with our host name when no domain is given (as Postfix's myorigin). */
    record NoticeAddress(String localPart, Optional<Domain> domain) {
        @Override
        public String toString() {
            return domain.map(d -> localPart + "@" + d.ascii()).orElse(localPart);
        }
    }

    static <E extends Enum<E>> ValueType<E> enumType(Class<E> type) {
        return enumType(Arrays.asList(type.getEnumConstants()));
    }

    /** Only some constants of an enum, written as {@link #enumText}. */
    static <E extends Enum<E>> ValueType<E> enumType(List<E> constants) {
        String allowed = constants.stream().map(ValueTypes::enumText).collect(Collectors.joining(", "));
        return new ValueType<>(text -> constants.stream().filter(c -> enumText(c).equals(text)).findFirst()
                .orElseThrow(() -> new InvalidValueException("must be one of: " + allowed)), ValueTypes::enumText);
    }

    static String enumText(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static <T> ValueType<Optional<T>> optional(ValueType<T> type) {
        return new ValueType<>(text -> text.isEmpty() ? Optional.empty() : Optional.of(type.parse(text)),
                value -> value.map(type::format).orElse(""));
    }

    /**
     * A comma-separated list; empty text is the empty list. An empty item or an item given twice is an error:
     * either is a slip of the pen.
     */
    static <T> ValueType<List<T>> uniqueList(ValueType<T> item, Function<T, String> identity) {
        return new ValueType<>(text -> {
            if (text.isEmpty()) {
                return List.of();
            }
            List<T> result = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (String part : text.split(",", -1)) {
                String p = part.strip();
                if (p.isEmpty()) {
                    throw new InvalidValueException("empty item in the comma-separated list");
                }
                T value;
                try {
                    value = item.parse(p);
                } catch (InvalidValueException e) {
                    throw new InvalidValueException("'" + p + "': " + e.getMessage());
                }
                if (!seen.add(identity.apply(value))) {
                    throw new InvalidValueException("'" + p + "' is listed twice");
                }
                result.add(value);
            }
            return List.copyOf(result);
        }, values -> values.stream().map(item::format).collect(Collectors.joining(", ")));
    }

    private static int positiveInt(String text) {
        String allowed = "must be a whole number from 1 to " + Integer.MAX_VALUE;
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidValueException(text.startsWith("-") ? "must not be negative; " + allowed : allowed);
        }
        int value;
        try {
            value = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new InvalidValueException("too large; " + allowed);
        }
        if (value < 1) {
            throw new InvalidValueException(allowed);
        }
        return value;
    }

    /** A file or directory; relative paths resolve against the working directory, as a shell would. */
    private static Path path(String text) {
        if (text.isEmpty()) {
            throw new InvalidValueException("must be a path");
        }
        try {
            return Path.of(text).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new InvalidValueException("not a valid path: " + e.getReason());
        }
    }
}
