package dev.mta.daemon.sendmail;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.Utf8Mode;
import dev.mta.daemon.config.ConfigException;
import dev.mta.daemon.config.ConfigLoader;
import dev.mta.daemon.config.LocalSubmissionSettings;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * {@code mta sendmail}: reads a message on standard input and hands it to the daemon over the local submission
 * socket. The header section is read first (for {@code -t}), then the SMTP transaction runs, and the body streams
 * from standard input straight to the socket. Exit 0 only after the daemon's 250 to the end of the data, which
 * it sends once the message is durable (DESIGN.md invariant 1).
 *
 * <p>Addresses without a domain ({@code root}, as cron writes them) get {@code @origin.domain}; the daemon's
 * aliases apply to them at RCPT like to any other recipient. The Bcc field is always removed (RFC 5322 section
 * 3.6.3), as Postfix does. A message without a From field gets one: the {@code -F} name and the envelope sender.
 */
public final class Sendmail {

    /** The largest header section held in memory. */
    static final int MAX_HEADER_OCTETS = 1024 * 1024;
    /** The longest input line; the daemon refuses lines over 998 octets anyway unless configured otherwise. */
    static final int MAX_LINE_OCTETS = 1024 * 1024;
    /** How long to wait for each reply; the daemon's own command timeout is 5 minutes. */
    static final Duration REPLY_TIMEOUT = Duration.ofMinutes(5);

    private static final byte[] CRLF = {'\r', '\n'};

    private final Path defaultConfig;
    private final String loginName;
    private final PrintStream err;

    /**
     * @param defaultConfig the configuration file when {@code -C} is not given ($MTA_CONFIG or
     *                      /etc/mta/mta.properties)
     * @param loginName     the user running the command: the default envelope sender's local part
     * @param err           where the reason for a failure goes
     */
    public Sendmail(Path defaultConfig, String loginName, PrintStream err) {
        this.defaultConfig = Objects.requireNonNull(defaultConfig, "defaultConfig");
        this.loginName = Objects.requireNonNull(loginName, "loginName");
        this.err = Objects.requireNonNull(err, "err");
    }

    /**
     * Sends the message on {@code stdin} as the arguments say.
     *
     * @return the exit status (sysexits)
     */
    public int run(List<String> args, InputStream stdin) {
        try {
            send(SendmailArguments.parse(args), stdin);
            return SysExit.OK.code();
        } catch (SendmailException e) {
            err.println("sendmail: " + e.getMessage());
            err.flush();
            return e.status().code();
        }
    }

    private void send(SendmailOptions options, InputStream stdin) throws SendmailException {
        Path file = options.config().orElse(defaultConfig);
        LocalSubmissionSettings settings;
        try {
            settings = ConfigLoader.localSubmission(file);
        } catch (ConfigException e) {
            throw new SendmailException(SysExit.CONFIG, String.join("; ", e.errors()), e);
        }
        Path socket = settings.socket().orElseThrow(() -> new SendmailException(SysExit.UNAVAILABLE,
                "submission.socket is empty in " + file + ": local submission is off"));
        String origin = settings.originDomain();

        Optional<Mailbox> sender = sender(options.sender(), origin);
        InputLines input = new InputLines(new BufferedInputStream(stdin, 64 * 1024), MAX_LINE_OCTETS);
        boolean dotEnds = !options.ignoreDots();
        HeaderSection headers = HeaderSection.read(input, dotEnds, MAX_HEADER_OCTETS);
        List<Mailbox> recipients = recipients(options, headers, origin);
        headers = headers.without("Bcc");
        if (!headers.has("From")) {
            headers = headers.withFirst("From", "From: " + fromField(options.fullName(),
                    sender.isPresent() ? sender.get() : defaultSender(origin)));
        }

        boolean utf8 = sender.map(Mailbox::needsSmtputf8).orElse(false)
                || recipients.stream().anyMatch(Mailbox::needsSmtputf8);
        Utf8Mode mode = utf8 ? Utf8Mode.UTF8_ALLOWED : Utf8Mode.ASCII_ONLY;
        try (SubmissionClient client = SubmissionClient.connect(socket, REPLY_TIMEOUT)) {
            expect(client.reply(), "greeting", SysExit.UNAVAILABLE);
            expect(client.command("EHLO localhost"), "EHLO", SysExit.UNAVAILABLE);
            String path = sender.map(m -> m.pathForm(mode)).orElse("<>");
            expect(client.command("MAIL FROM:" + path + (options.sevenBit() ? "" : " BODY=8BITMIME")
                    + (utf8 ? " SMTPUTF8" : "")), "sender " + path, SysExit.DATAERR);
            for (Mailbox recipient : recipients) {
                expect(client.command("RCPT TO:" + recipient.pathForm(mode)), "recipient " + recipient,
                        SysExit.NOUSER);
            }
            SmtpReply go = client.command("DATA");
            if (go.code() != 354) {
                expect(go, "DATA", SysExit.DATAERR);
                throw new SendmailException(SysExit.PROTOCOL, "the daemon answered DATA with " + go.text());
            }
            writeMessage(client.data(), headers, input, dotEnds);
            expect(client.endData(), "message", SysExit.DATAERR);
            try {
                client.command("QUIT");
            } catch (SendmailException e) {
                // The message is queued; how the goodbye went does not matter.
            }
        }
    }

    /** Positive replies pass; 4xx is {@link SysExit#TEMPFAIL}, 5xx {@code permanent}, with the reply's text. */
    private static void expect(SmtpReply reply, String what, SysExit permanent) throws SendmailException {
        if (reply.positive()) {
            return;
        }
        if (reply.transientFailure()) {
            throw new SendmailException(SysExit.TEMPFAIL, "the mta daemon deferred the " + what + ": "
                    + reply.text() + "; the message was not sent, try again later");
        }
        throw new SendmailException(permanent, "the mta daemon refused the " + what + ": " + reply.text()
                + "; the message was not sent");
    }

    /** {@code -f}: empty or {@code <>} is the null sender; default: the login name at the origin domain. */
    private Optional<Mailbox> sender(Optional<String> given, String origin) throws SendmailException {
        if (given.isEmpty()) {
            return Optional.of(defaultSender(origin));
        }
        String text = given.get().strip();
        if (text.startsWith("<") && text.endsWith(">")) {
            text = text.substring(1, text.length() - 1).strip();
        }
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(checked(text, origin, "sender (-f)"));
    }

    /** The login name at the origin domain, as sendmail has always done. */
    private Mailbox defaultSender(String origin) throws SendmailException {
        return checked(loginName, origin, "default sender (the user name; give one with -f)");
    }

    private List<Mailbox> recipients(SendmailOptions options, HeaderSection headers, String origin)
            throws SendmailException {
        List<String> written = new ArrayList<>();
        for (String argument : options.recipients()) {
            written.addAll(AddressList.addresses(argument));
        }
        if (options.fromHeaders()) {
            for (String field : List.of("To", "Cc", "Bcc")) {
                for (String value : headers.values(field)) {
                    written.addAll(AddressList.addresses(value));
                }
            }
        }
        Set<Mailbox> recipients = new LinkedHashSet<>();
        for (String address : written) {
            recipients.add(checked(address, origin, "recipient"));
        }
        if (recipients.isEmpty()) {
            throw new SendmailException(SysExit.DATAERR, options.fromHeaders()
                    ? "no recipients: none given and no To, Cc or Bcc field" : "no recipients given (or use -t)");
        }
        return List.copyOf(recipients);
    }

    private static Mailbox checked(String address, String origin, String what) throws SendmailException {
        String qualified = address.indexOf('@') < 0 ? address + "@" + origin : address;
        if (AddressParser.mailbox(qualified, Utf8Mode.UTF8_ALLOWED) instanceof Parsed.Ok<Mailbox> ok) {
            return ok.value();
        }
        throw new SendmailException(SysExit.DATAERR, "not a valid " + what + " address: " + printable(address));
    }

    /** {@code "Name" <address>} or the address alone; a non-ASCII name is an RFC 2047 encoded-word. */
    static String fromField(Optional<String> name, Mailbox address) {
        String mailbox = address.render(Utf8Mode.UTF8_ALLOWED);
        Optional<String> display = name.map(String::strip).filter(n -> !n.isEmpty()
                && n.chars().noneMatch(c -> c < 0x20 || c == 0x7f));
        if (display.isEmpty()) {
            return mailbox;
        }
        String n = display.get();
        String phrase;
        if (n.chars().allMatch(c -> c < 0x80)) {
            phrase = "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        } else {
            phrase = "=?UTF-8?B?" + java.util.Base64.getEncoder().encodeToString(n.getBytes(StandardCharsets.UTF_8))
                    + "?=";
        }
        return phrase + " <" + mailbox + ">";
    }

    /**
     * Writes the header section, the empty line and the body as SMTP data: CRLF line ends, a dot doubled at the
     * start of a line (RFC 5321 section 4.5.2), then the ending dot line. The body streams from the input.
     */
    private static void writeMessage(OutputStream out, HeaderSection headers, InputLines input, boolean dotEnds)
            throws SendmailException {
        try {
            for (HeaderSection.Field field : headers.fields()) {
                for (byte[] line : field.lines()) {
                    writeLine(out, line);
                }
            }
            out.write(CRLF);
            if (headers.firstBodyLine().isPresent()) {
                writeLine(out, headers.firstBodyLine().get());
            }
            if (!headers.inputEnded()) {
                for (byte[] line = input.next(); line != null; line = input.next()) {
                    if (dotEnds && line.length == 1 && line[0] == '.') {
                        break;
                    }
                    writeLine(out, line);
                }
            }
            out.write('.');
            out.write(CRLF);
        } catch (IOException e) {
            throw new SendmailException(SysExit.TEMPFAIL, "the connection to the mta daemon broke while sending"
                    + " (" + e.getMessage() + "); the message was not sent", e);
        }
    }

    private static void writeLine(OutputStream out, byte[] line) throws IOException {
        if (line.length > 0 && line[0] == '.') {
            out.write('.');
        }
        out.write(line);
        out.write(CRLF);
    }

    /** An address for a message on stderr: control characters shown as '?'. */
    private static String printable(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || c == 0x7f ? '?' : c));
        return b.toString();
    }
}
