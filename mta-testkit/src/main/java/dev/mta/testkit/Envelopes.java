package dev.mta.testkit;

import dev.mta.core.address.AddressLiteral;
import dev.mta.core.address.Domain;
import dev.mta.core.address.MailHost;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.DsnReturn;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.Recipient;

import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * Envelopes for tests. {@link #simple()} is a plain inbound message: {@value #SENDER} to {@value #RECIPIENT},
 * received over SMTP from {@value #CLIENT_ADDRESS} at {@link #ARRIVAL}; {@link #builder()} starts from the same
 * defaults and changes what a test cares about:
 *
 * <pre>{@code
 * Envelope bounce = Envelopes.builder().nullSender().recipients("postmaster@example.com")
 *         .channel(Origin.Channel.GENERATED).build();
 * }</pre>
 *
 * <p>Addresses are written as text and split by {@link #mailbox(String)}, a helper for test data that trusts its
 * input; it is not the RFC 5321 parser.
 */
public final class Envelopes {

    public static final String SENDER = "alice@example.net";
    public static final String RECIPIENT = "bob@example.com";
    public static final String CLIENT_ADDRESS = "192.0.2.10";
    public static final String HELO = "client.example.net";
    /** A fixed arrival time, so envelopes made in different tests compare equal. */
    public static final Instant ARRIVAL = Instant.parse("2026-11-25T12:00:00Z");

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");

    private Envelopes() {
    }

    /** {@value #SENDER} to {@value #RECIPIENT} over SMTP, default parameters. */
    public static Envelope simple() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * A mailbox from {@code local@domain}, {@code local@[192.0.2.1]} or {@code local@[IPv6:2001:db8::1]}. The
     * split is at the last {@code @}; the local part is kept as written (unquoted form); a domain is lower-cased
     * and given both its A-label and U-label forms.
     */
    public static Mailbox mailbox(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            throw new IllegalArgumentException("test address needs local@host: " + address);
        }
        return new Mailbox(address.substring(0, at), host(address.substring(at + 1)));
    }

    private static MailHost host(String text) {
        if (text.startsWith("[") && text.endsWith("]")) {
            String literal = text.substring(1, text.length() - 1);
            boolean v6 = literal.regionMatches(true, 0, "IPv6:", 0, 5);
            String ip = v6 ? literal.substring(5) : literal;
            // Checked to be numeric first, so getByName parses it and never asks DNS.
            if (!(v6 ? IPV6.matcher(ip).matches() && ip.contains(":") : IPV4.matcher(ip).matches())) {
                throw new IllegalArgumentException("not an address literal: " + text);
            }
            try {
                return new AddressLiteral(InetAddress.getByName(ip));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address literal: " + text, e);
            }
        }
        String unicode = IDN.toUnicode(text, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        String ascii = IDN.toASCII(unicode, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        return new Domain(ascii, unicode);
    }

    /**
     * Envelopes that use every field, and values that break careless storage: the null sender, UTF-8 local parts
     * and IDN domains, address literals, every DSN parameter, all origin fields, many recipients in a fixed
     * order, and decoded xtext values holding CR, LF, colons and field names (as an {@code ENVID=} or
     * {@code ORCPT=} with {@code +0D+0A} decodes to; SECURITY.md S-10). Each must come back from storage
     * equal, checked with {@link EnvelopeAssertions#assertEnvelopeEquals}.
     */
    public static List<Envelope> roundTripCases() {
        Instant precise = Instant.parse("2026-11-25T12:34:56.123456789Z");
        List<Envelope> cases = new ArrayList<>();
        cases.add(simple());
        cases.add(builder()
                .nullSender()
                .recipients("postmaster@example.com")
                .channel(Origin.Channel.GENERATED)
                .clientAddress("127.0.0.1")
                .helo(null)
                .locallyOriginated(true)
                .build());
        cases.add(builder()
                .sender("jürgen@bücher.example")
                .recipients()
                .addRecipient(new Recipient(mailbox("δοκιμή@παράδειγμα.δοκιμή"),
                        Set.of(DsnNotify.SUCCESS, DsnNotify.FAILURE, DsnNotify.DELAY),
                        Optional.of("utf-8;δοκιμή@παράδειγμα.δοκιμή")))
                .addRecipient(new Recipient(mailbox("用户@例子.广告"), Set.of(DsnNotify.NEVER), Optional.empty()))
                .addRecipient(new Recipient(mailbox("Bob.Smith@[192.0.2.1]"), Set.of(DsnNotify.FAILURE),
                        Optional.of("rfc822;bob.smith@example.com")))
                .addRecipient(Recipient.of(mailbox("carol@[IPv6:2001:db8::1]")))
                .parameters(new MailParameters(BodyType.EIGHT_BIT_MIME, true, OptionalLong.of(123_456L),
                        Optional.of(DsnReturn.HDRS), Optional.of("QQ314159"), Optional.of("jürgen@bücher.example")))
                .origin(new Origin(precise, Origin.Channel.SMTP, "2001:db8::25", Optional.of("mail.bücher.example"),
                        Optional.of("[IPv6:2001:db8::25]"), Optional.of("jürgen@bücher.example"),
                        Optional.of("TLSv1.3 TLS_AES_256_GCM_SHA384"), true))
                .build());
        cases.add(builder()
                .sender("very.unusual.@.unusual.com@example.com")
                .recipients("a b@example.com", "x\\y@example.com", "sub+tag@EXAMPLE.com")
                .parameters(new MailParameters(BodyType.BINARY_MIME, false, OptionalLong.of(0),
                        Optional.of(DsnReturn.FULL),
                        Optional.of("id\r\nrecipient: evil@example.org\r\nend: 0"),
                        Optional.of("<>")))
                .addRecipient(new Recipient(mailbox("dave@example.com"), Set.of(DsnNotify.SUCCESS),
                        Optional.of("rfc822;x\r\n@y: \u0000z")))
                .origin(new Origin(ARRIVAL, Origin.Channel.LOCAL, "www-data", Optional.empty(),
                        Optional.of("evil\r\nsender: root@example.com"), Optional.of("user:with:colons"),
                        Optional.empty(), true))
                .build());
        cases.add(builder()
                .recipients(IntStream.range(0, 200)
                        .mapToObj(i -> "r" + (199 - i) + "@d" + (i % 7) + ".example")
                        .toArray(String[]::new))
                .build());
        return List.copyOf(cases);
    }

    /** Builds an {@link Envelope}; starts from the defaults of {@link #simple()}. Not thread-safe. */
    public static final class Builder {

        private ReversePath sender = ReversePath.of(mailbox(SENDER));
        private final List<Recipient> recipients = new ArrayList<>(List.of(Recipient.of(mailbox(RECIPIENT))));
        private MailParameters parameters = MailParameters.DEFAULT;
        private Instant arrival = ARRIVAL;
        private Origin.Channel channel = Origin.Channel.SMTP;
        private String clientAddress = CLIENT_ADDRESS;
        private String clientName;
        private String helo = HELO;
        private String authenticatedUser;
        private String tls;
        private boolean locallyOriginated;

        private Builder() {
        }

        public Builder sender(String address) {
            this.sender = ReversePath.of(mailbox(address));
            return this;
        }

        public Builder sender(ReversePath path) {
            this.sender = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The null reverse path {@code <>}, as bounces have. */
        public Builder nullSender() {
            return sender(ReversePath.NULL);
        }

        /** Replaces the recipients with these addresses, in order; none clears the list for {@link #addRecipient}. */
        public Builder recipients(String... addresses) {
            recipients.clear();
            for (String address : addresses) {
                recipients.add(Recipient.of(mailbox(address)));
            }
            return this;
        }

        public Builder addRecipient(String address) {
            return addRecipient(Recipient.of(mailbox(address)));
        }

        public Builder addRecipient(Recipient recipient) {
            recipients.add(Objects.requireNonNull(recipient, "recipient"));
            return this;
        }

        public Builder parameters(MailParameters parameters) {
            this.parameters = Objects.requireNonNull(parameters, "parameters");
            return this;
        }

        /** Replaces every origin field at once. */
        public Builder origin(Origin origin) {
            arrival = origin.arrival();
            channel = origin.channel();
            clientAddress = origin.clientAddress();
            clientName = origin.clientName().orElse(null);
            helo = origin.helo().orElse(null);
            authenticatedUser = origin.authenticatedUser().orElse(null);
            tls = origin.tls().orElse(null);
            locallyOriginated = origin.locallyOriginated();
            return this;
        }

        public Builder arrival(Instant arrival) {
            this.arrival = Objects.requireNonNull(arrival, "arrival");
            return this;
        }

        public Builder channel(Origin.Channel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        public Builder clientAddress(String clientAddress) {
            this.clientAddress = Objects.requireNonNull(clientAddress, "clientAddress");
            return this;
        }

        /** The client's verified host name; {@code null} for none. */
        public Builder clientName(String clientName) {
            this.clientName = clientName;
            return this;
        }

        /** The EHLO/HELO argument; {@code null} for none. */
        public Builder helo(String helo) {
            this.helo = helo;
            return this;
        }

        /**
         * The SASL user; {@code null} for none. Authenticated mail counts as locally originated (DESIGN.md), so this
         * also sets {@link #locallyOriginated} when a user is given.
         */
        public Builder authenticatedUser(String user) {
            this.authenticatedUser = user;
            if (user != null) {
                locallyOriginated = true;
            }
            return this;
        }

        /** Protocol and cipher suite, e.g. {@code TLSv1.3 TLS_AES_128_GCM_SHA256}; {@code null} for plain text. */
        public Builder tls(String tls) {
            this.tls = tls;
            return this;
        }

        public Builder locallyOriginated(boolean locallyOriginated) {
            this.locallyOriginated = locallyOriginated;
            return this;
        }

        public Envelope build() {
            Origin origin = new Origin(arrival, channel, clientAddress, Optional.ofNullable(clientName),
                    Optional.ofNullable(helo), Optional.ofNullable(authenticatedUser), Optional.ofNullable(tls),
                    locallyOriginated);
            return new Envelope(sender, parameters, recipients, origin);
        }
    }
}
