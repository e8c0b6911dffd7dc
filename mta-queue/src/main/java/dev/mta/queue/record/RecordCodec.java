package dev.mta.queue.record;

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
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.QueueIdGenerator;
import dev.mta.core.sink.Recipient;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Writes and reads {@link QueueRecord}s as UTF-8 {@code key: value} lines. The first line is
 * {@code version: 1}; keys follow in one fixed order, optional ones omitted when empty; each recipient is a
 * block starting with {@code rcpt-local}; the last line is {@code end: <crc32c>} over every byte before it.
 *
 * <p>Decoding is strict, in the Postfix spirit of "a file without its END record is damaged": an unknown
 * version or key, a key out of order, a missing or wrong checksum, bad UTF-8, a control character, a
 * non-canonical escape or number all raise {@link CorruptRecordException}. There is no half-valid record.
 * Values are escaped by {@link FieldEscaping}, so remote reply texts and ORCPT/ENVID/AUTH= values with CR,
 * LF or NUL (SECURITY.md S-07, S-10) round-trip unchanged and never split a line.
 */
public final class RecordCodec {

    /** The only version this code reads and writes. */
    public static final int VERSION = 1;

    private static final String END = "end: ";

    private RecordCodec() {
    }

    /** The record as bytes, ending in a newline. */
    public static byte[] encode(QueueRecord record) {
        Writer w = new Writer();
        w.line("version", Integer.toString(VERSION));
        w.line("id", record.id().value());
        w.line("held", yesNo(record.held()));
        Envelope env = record.envelope();
        Origin origin = env.origin();
        w.line("arrival", origin.arrival().toString());
        w.line("channel", origin.channel().name().toLowerCase(java.util.Locale.ROOT));
        w.line("client-address", origin.clientAddress());
        w.optional("client-name", origin.clientName());
        w.optional("helo", origin.helo());
        w.optional("auth-user", origin.authenticatedUser());
        w.optional("tls", origin.tls());
        w.line("locally-originated", yesNo(origin.locallyOriginated()));
        if (env.sender().isNull()) {
            w.line("sender", "<>");
        } else {
            w.mailbox("sender", env.sender().mailbox().orElseThrow());
        }
        MailParameters p = env.parameters();
        w.line("body", p.body().keyword());
        w.line("smtputf8", yesNo(p.smtpUtf8()));
        if (p.declaredSize().isPresent()) {
            w.line("size", Long.toString(p.declaredSize().getAsLong()));
        }
        w.optional("ret", p.ret().map(DsnReturn::name));
        w.optional("envid", p.envelopeId());
        w.optional("auth", p.authSender());
        w.line("recipients", Integer.toString(env.recipients().size()));
        for (int i = 0; i < env.recipients().size(); i++) {
            Recipient r = env.recipients().get(i);
            RecipientState s = record.states().get(i);
            w.mailbox("rcpt", r.address());
            if (!r.notifyOn().isEmpty()) {
                StringBuilder notify = new StringBuilder();
                for (DsnNotify n : DsnNotify.values()) {
                    if (r.notifyOn().contains(n)) {
                        notify.append(notify.length() == 0 ? "" : ",").append(n.name());
                    }
                }
                w.line("notify", notify.toString());
            }
            w.optional("orcpt", r.originalRecipient());
            w.line("state", s.status().word());
            w.line("attempts", Integer.toString(s.attempts()));
            w.optional("next-attempt", s.nextAttempt().map(Instant::toString));
            w.optional("last-attempt", s.lastAttempt().map(Instant::toString));
            w.optional("last-reply", s.lastReply());
        }
        byte[] body = w.text.toString().getBytes(StandardCharsets.UTF_8);
        String end = END + crcHex(body, 0, body.length) + "\n";
        byte[] out = new byte[body.length + end.length()];
        System.arraycopy(body, 0, out, 0, body.length);
        System.arraycopy(end.getBytes(StandardCharsets.US_ASCII), 0, out, body.length, end.length());
        return out;
    }

    /** Decodes all of {@code bytes}. */
    public static QueueRecord decode(byte[] bytes) throws CorruptRecordException {
        return decode(bytes, 0, bytes.length);
    }

    /** Decodes {@code length} bytes of {@code bytes} from {@code offset}: exactly one whole record. */
    public static QueueRecord decode(byte[] bytes, int offset, int length) throws CorruptRecordException {
        if (length == 0) {
            throw new CorruptRecordException("empty record");
        }
        int limit = offset + length;
        if (bytes[limit - 1] != '\n') {
            throw new CorruptRecordException("truncated: no newline at the end");
        }
        int endLine = limit - 1;
        while (endLine > offset && bytes[endLine - 1] != '\n') {
            endLine--;
        }
        String last = new String(bytes, endLine, limit - 1 - endLine, StandardCharsets.ISO_8859_1);
        if (!last.startsWith(END)) {
            throw new CorruptRecordException("truncated: last line is not 'end: <checksum>'");
        }
        String expected = crcHex(bytes, offset, endLine - offset);
        if (!last.substring(END.length()).equals(expected)) {
            throw new CorruptRecordException("checksum mismatch: stored '" + last.substring(END.length())
                    + "', computed '" + expected + "'");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, endLine - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CorruptRecordException("not valid UTF-8", e);
        }
        return new Reader(text).record();
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static String crcHex(byte[] bytes, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, length);
        return String.format(java.util.Locale.ROOT, "%08x", crc.getValue());
    }

    private static final class Writer {
        final StringBuilder text = new StringBuilder(512);

        void line(String key, String value) {
            text.append(key).append(": ").append(FieldEscaping.escape(value)).append('\n');
        }

        void optional(String key, Optional<String> value) {
            value.ifPresent(v -> line(key, v));
        }

        void mailbox(String prefix, Mailbox mailbox) {
            line(prefix + "-local", mailbox.localPart());
            MailHost host = mailbox.host();
            if (host instanceof Domain d) {
                line(prefix + "-domain", d.ascii());
                if (!d.unicode().equals(d.ascii())) {
                    line(prefix + "-domain-utf8", d.unicode());
                }
            } else if (host instanceof AddressLiteral a) {
                line(prefix + "-literal", a.address().getHostAddress());
            }
        }
    }

    /** Reads the lines in the one order the writer produces, refusing anything else. */
    private static final class Reader {
        private final String[] keys;
        private final String[] values;
        private int next;

        Reader(String text) throws CorruptRecordException {
            if (text.isEmpty()) {
                throw new CorruptRecordException("no fields before 'end'");
            }
            String[] lines = text.split("\n", -1);
            // text ends in '\n', so the split leaves one empty string at the end.
            int count = lines.length - 1;
            keys = new String[count];
            values = new String[count];
            for (int i = 0; i < count; i++) {
                String line = lines[i];
                int colon = line.indexOf(": ");
                if (colon <= 0) {
                    throw new CorruptRecordException("line " + (i + 1) + " is not 'key: value'");
                }
                String key = line.substring(0, colon);
                for (int k = 0; k < key.length(); k++) {
                    char c = key.charAt(k);
                    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                        throw new CorruptRecordException("line " + (i + 1) + ": bad key '" + key + "'");
                    }
                }
                keys[i] = key;
                values[i] = FieldEscaping.unescape(line.substring(colon + 2));
            }
        }

        QueueRecord record() throws CorruptRecordException {
            String version = required("version");
            if (!version.equals(Integer.toString(VERSION))) {
                throw new CorruptRecordException("unknown version '" + version + "'");
            }
            String idText = required("id");
            if (!QueueIdGenerator.isWellFormed(idText)) {
                throw new CorruptRecordException("bad queue id '" + idText + "'");
            }
            QueueId id = new QueueId(idText);
            boolean held = yesNo("held");
            Instant arrival = instant("arrival");
            Origin.Channel channel = switch (required("channel")) {
                case "smtp" -> Origin.Channel.SMTP;
                case "local" -> Origin.Channel.LOCAL;
                case "generated" -> Origin.Channel.GENERATED;
                default -> throw new CorruptRecordException("unknown channel '" + values[next - 1] + "'");
            };
            String clientAddress = required("client-address");
            Optional<String> clientName = optional("client-name");
            Optional<String> helo = optional("helo");
            Optional<String> authUser = optional("auth-user");
            Optional<String> tls = optional("tls");
            boolean local = yesNo("locally-originated");
            Origin origin = new Origin(arrival, channel, clientAddress, clientName, helo, authUser, tls, local);

            ReversePath sender;
            Optional<String> nullSender = optional("sender");
            if (nullSender.isPresent()) {
                if (!nullSender.get().equals("<>")) {
                    throw new CorruptRecordException("sender is '" + nullSender.get() + "', expected '<>'");
                }
                sender = ReversePath.NULL;
            } else {
                sender = ReversePath.of(mailbox("sender"));
            }
            String bodyWord = required("body");
            BodyType body = null;
            for (BodyType b : BodyType.values()) {
                if (b.keyword().equals(bodyWord)) {
                    body = b;
                }
            }
            if (body == null) {
                throw new CorruptRecordException("unknown body type '" + bodyWord + "'");
            }
            boolean smtpUtf8 = yesNo("smtputf8");
            Optional<String> sizeText = optional("size");
            OptionalLong size = sizeText.isPresent() ? OptionalLong.of(number(sizeText.get(), 18)) : OptionalLong.empty();
            Optional<String> retText = optional("ret");
            Optional<DsnReturn> ret = Optional.empty();
            if (retText.isPresent()) {
                ret = Optional.of(switch (retText.get()) {
                    case "FULL" -> DsnReturn.FULL;
                    case "HDRS" -> DsnReturn.HDRS;
                    default -> throw new CorruptRecordException("unknown ret '" + retText.get() + "'");
                });
            }
            Optional<String> envid = optional("envid");
            Optional<String> auth = optional("auth");
            MailParameters params = new MailParameters(body, smtpUtf8, size, ret, envid, auth);

            int count = (int) number(required("recipients"), 7);
            if (count == 0) {
                throw new CorruptRecordException("no recipients");
            }
            List<Recipient> recipients = new ArrayList<>();
            List<RecipientState> states = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Mailbox address = mailbox("rcpt");
                Set<DsnNotify> notify = notify(optional("notify"));
                Optional<String> orcpt = optional("orcpt");
                RecipientStatus status = RecipientStatus.fromWord(required("state"));
                int attempts = (int) number(required("attempts"), 9);
                Optional<Instant> nextAttempt = optionalInstant("next-attempt");
                Optional<Instant> lastAttempt = optionalInstant("last-attempt");
                Optional<String> lastReply = optional("last-reply");
                try {
                    recipients.add(new Recipient(address, notify, orcpt));
                    states.add(new RecipientState(status, attempts, nextAttempt, lastAttempt, lastReply));
                } catch (IllegalArgumentException e) {
                    throw new CorruptRecordException("recipient " + (i + 1) + ": " + e.getMessage(), e);
                }
            }
            if (next < keys.length) {
                throw new CorruptRecordException("unexpected key '" + keys[next] + "' at line " + (next + 1));
            }
            return new QueueRecord(id, new Envelope(sender, params, recipients, origin), states, held);
        }

        private Mailbox mailbox(String prefix) throws CorruptRecordException {
            String local = required(prefix + "-local");
            Optional<String> ascii = optional(prefix + "-domain");
            if (ascii.isPresent()) {
                if (ascii.get().isEmpty()) {
                    throw new CorruptRecordException(prefix + "-domain is empty");
                }
                String unicode = optional(prefix + "-domain-utf8").orElse(ascii.get());
                return new Mailbox(local, new Domain(ascii.get(), unicode));
            }
            String literal = required(prefix + "-literal");
            return new Mailbox(local, new AddressLiteral(ipLiteral(literal)));
        }

        private static java.net.InetAddress ipLiteral(String text) throws CorruptRecordException {
            // Only a numeric literal may reach InetAddress: anything else could make it ask DNS.
            boolean v4 = text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
            boolean v6 = text.matches("[0-9a-fA-F:.%]+") && text.contains(":");
            if (!v4 && !v6) {
                throw new CorruptRecordException("bad address literal '" + text + "'");
            }
            try {
                return java.net.InetAddress.getByName(text);
            } catch (java.net.UnknownHostException e) {
                throw new CorruptRecordException("bad address literal '" + text + "'", e);
            }
        }

        private static Set<DsnNotify> notify(Optional<String> text) throws CorruptRecordException {
            if (text.isEmpty()) {
                return Set.of();
            }
            Set<DsnNotify> set = EnumSet.noneOf(DsnNotify.class);
            for (String word : text.get().split(",", -1)) {
                try {
                    if (!set.add(DsnNotify.valueOf(word))) {
                        throw new CorruptRecordException("notify repeats " + word);
                    }
                } catch (IllegalArgumentException e) {
                    throw new CorruptRecordException("unknown notify value '" + word + "'", e);
                }
            }
            return set;
        }

        private String required(String key) throws CorruptRecordException {
            if (next >= keys.length) {
                throw new CorruptRecordException("missing '" + key + "' (record ends early)");
            }
            if (!keys[next].equals(key)) {
                throw new CorruptRecordException(
                        "expected '" + key + "' at line " + (next + 1) + ", found '" + keys[next] + "'");
            }
            return values[next++];
        }

        private Optional<String> optional(String key) {
            if (next < keys.length && keys[next].equals(key)) {
                return Optional.of(values[next++]);
            }
            return Optional.empty();
        }

        private boolean yesNo(String key) throws CorruptRecordException {
            String v = required(key);
            return switch (v) {
                case "yes" -> true;
                case "no" -> false;
                default -> throw new CorruptRecordException(key + " is '" + v + "', expected yes or no");
            };
        }

        private Instant instant(String key) throws CorruptRecordException {
            return parseInstant(key, required(key));
        }

        private Optional<Instant> optionalInstant(String key) throws CorruptRecordException {
            Optional<String> v = optional(key);
            return v.isPresent() ? Optional.of(parseInstant(key, v.get())) : Optional.empty();
        }

        private static Instant parseInstant(String key, String text) throws CorruptRecordException {
            try {
                Instant at = Instant.parse(text);
                if (!at.toString().equals(text)) {
                    throw new CorruptRecordException(key + " '" + text + "' is not in canonical form");
                }
                return at;
            } catch (DateTimeParseException e) {
                throw new CorruptRecordException(key + " '" + text + "' is not a time", e);
            }
        }

        private static long number(String text, int maxDigits) throws CorruptRecordException {
            boolean canonical = !text.isEmpty() && text.length() <= maxDigits
                    && (text.length() == 1 || text.charAt(0) != '0');
            for (int i = 0; canonical && i < text.length(); i++) {
                canonical = text.charAt(i) >= '0' && text.charAt(i) <= '9';
            }
            if (!canonical) {
                throw new CorruptRecordException("'" + text + "' is not a number");
            }
            return Long.parseLong(text);
        }
    }
}
