package dev.mta.smtpd.wire.command;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.ForwardPath;
import dev.mta.core.address.Parsed;
import dev.mta.core.address.ReversePath;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;

import java.util.Optional;
import java.util.Set;

/**
 * Parses one command line (without its CRLF, as {@link dev.mta.smtpd.wire.SmtpLineDecoder} emits it) into a
 * {@link Command}. A pure function: no state, no I/O, linear in the line, nothing thrown for bad input.
 *
 * <p>Verbs and parameter keywords are case-insensitive (RFC 5321 section 2.4), ASCII letters only. Trailing
 * spaces are ignored. A control character anywhere (tab, NUL, ESC, ...; CR and LF never get this far) makes
 * the line {@code 500 5.5.2}: RFC 5321 commands contain none, and nothing parsed may carry one.
 *
 * <p><b>MAIL and RCPT.</b> {@code MAIL FROM:} and {@code RCPT TO:} are followed by the path; one space after
 * the colon is tolerated, as Postfix does by default, because common clients send it, though RFC 5321 section
 * 4.1.2 has none. The angle brackets are required (a bare address is a bad path). A path that does not parse
 * or is too long (RFC 5321 section 4.5.3.1.3) is {@code 501 5.1.7} at MAIL and {@code 501 5.1.3} at RCPT; a
 * non-ASCII address without SMTPUTF8 is {@code 553 5.6.7} (RFC 6531 section 3.5). Parameters: see
 * {@link EsmtpParameters}.
 *
 * <p><b>EHLO/HELO</b> take one word, kept as written: whether it is a valid domain or address literal is
 * policy, since real clients send names like {@code my_pc}.
 */
public final class CommandParser {

    private static final int MAX_VERB_CHARS = 32;
    private static final int MAX_HELO_CHARS = 255;
    /** RFC 4954 section 4: a SASL mechanism name is at most 20 characters. */
    private static final int MAX_MECHANISM_CHARS = 20;
    private static final int MAX_BDAT_DIGITS = 19;

    private static final Set<String> HTTP_VERBS =
            Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
    /** Verbs of RFC 821, RFC 1985 and RFC 2645 that mta does not offer. */
    private static final Set<String> NOT_IMPLEMENTED = Set.of("EXPN", "TURN", "ATRN", "ETRN", "SEND", "SOML", "SAML");

    public CommandParser() {
    }

    public Command parse(String line, ParseContext ctx) {
        String text = stripTrailingSpaces(line);
        if (!printable(text)) {
            return new Command.Invalid(Replies.SYNTAX_ERROR);
        }
        int space = text.indexOf(' ');
        String verbText = space < 0 ? text : text.substring(0, space);
        String verb = Ascii.upper(verbText);
        String args = space < 0 ? "" : text.substring(space + 1);
        return switch (verb) {
            case "EHLO" -> heloName(args).map(n -> (Command) new Command.Ehlo(n)).orElse(invalidArguments());
            case "HELO" -> heloName(args).map(n -> (Command) new Command.Helo(n)).orElse(invalidArguments());
            case "MAIL" -> mail(text);
            case "RCPT" -> rcpt(text, ctx);
            case "DATA" -> args.isEmpty() ? new Command.Data() : invalidArguments();
            case "BDAT" -> bdat(args);
            case "RSET" -> args.isEmpty() ? new Command.Rset() : invalidArguments();
            case "NOOP" -> new Command.Noop();
            case "QUIT" -> args.isEmpty() ? new Command.Quit() : invalidArguments();
            case "VRFY" -> args.isBlank() ? invalidArguments() : new Command.Vrfy(args.strip());
            case "HELP" -> new Command.Help();
            case "STARTTLS" -> args.isEmpty() ? new Command.StartTls() : invalidArguments();
            case "AUTH" -> auth(args);
            default -> other(verb, verbText);
        };
    }

    private static Command other(String verb, String verbText) {
        if (HTTP_VERBS.contains(verb)) {
            return new Command.HttpProbe(verb);
        }
        if (NOT_IMPLEMENTED.contains(verb)) {
            return new Command.NotImplemented(verb);
        }
        String shown = verbText.length() > MAX_VERB_CHARS ? verbText.substring(0, MAX_VERB_CHARS) : verbText;
        if (!shown.isEmpty() && Character.isHighSurrogate(shown.charAt(shown.length() - 1))) {
            shown = shown.substring(0, shown.length() - 1);
        }
        return new Command.Unknown(shown);
    }

    private static Command invalidArguments() {
        return new Command.Invalid(Replies.PARAMETER_SYNTAX_ERROR);
    }

    private static Optional<String> heloName(String args) {
        String name = args.strip();
        if (name.isEmpty() || name.indexOf(' ') >= 0 || name.length() > MAX_HELO_CHARS) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private static Command mail(String text) {
        int start = pathStart(text, "MAIL FROM:");
        if (start < 0) {
            return invalidArguments();
        }
        if (start == text.length() || text.charAt(start) != '<') {
            return new Command.Invalid(Replies.BAD_SENDER_SYNTAX);
        }
        // The SMTPUTF8 parameter follows the path, so the path is read permissively first to find its end,
        // and again in ASCII when the parameters turn out not to allow UTF-8 (RFC 6531 section 3.4).
        Parsed<ReversePath> path = AddressParser.reversePath(text, start, Utf8Mode.UTF8_ALLOWED);
        if (!(path instanceof Parsed.Ok<ReversePath> ok)) {
            return new Command.Invalid(addressFailure(path, Replies.BAD_SENDER_SYNTAX));
        }
        Checked<MailParameters> params = EsmtpParameters.mail(text, ok.end());
        if (params instanceof Checked.Err<MailParameters> err) {
            return new Command.Invalid(err.reply());
        }
        MailParameters values = ((Checked.Ok<MailParameters>) params).value();
        if (!values.smtpUtf8()) {
            path = AddressParser.reversePath(text, start, Utf8Mode.ASCII_ONLY);
            if (!(path instanceof Parsed.Ok<ReversePath>)) {
                return new Command.Invalid(addressFailure(path, Replies.BAD_SENDER_SYNTAX));
            }
        }
        return new Command.Mail(path.toOptional().orElseThrow(), values);
    }

    private static Command rcpt(String text, ParseContext ctx) {
        int start = pathStart(text, "RCPT TO:");
        if (start < 0) {
            return invalidArguments();
        }
        if (start == text.length() || text.charAt(start) != '<') {
            return new Command.Invalid(Replies.BAD_RECIPIENT_SYNTAX);
        }
        Parsed<ForwardPath> path = AddressParser.forwardPath(text, start, ctx.recipientMode());
        if (!(path instanceof Parsed.Ok<ForwardPath> ok)) {
            return new Command.Invalid(addressFailure(path, Replies.BAD_RECIPIENT_SYNTAX));
        }
        Checked<RcptParameters> params = EsmtpParameters.rcpt(text, ok.end());
        if (params instanceof Checked.Err<RcptParameters> err) {
            return new Command.Invalid(err.reply());
        }
        return new Command.Rcpt(ok.value(), ((Checked.Ok<RcptParameters>) params).value());
    }

    /** The index of the path after {@code prefix} (which ends in a colon) and one optional space, or -1. */
    private static int pathStart(String text, String prefix) {
        if (text.length() < prefix.length() || !Ascii.upper(text.substring(0, prefix.length())).equals(prefix)) {
            return -1;
        }
        int start = prefix.length();
        if (start < text.length() && text.charAt(start) == ' ') {
            start++;
        }
        return start;
    }

    private static <T> Reply addressFailure(Parsed<T> parsed, Reply syntax) {
        Parsed.Invalid<T> invalid = (Parsed.Invalid<T>) parsed;
        return invalid.problem() == Parsed.Problem.NEEDS_SMTPUTF8 ? Replies.SMTPUTF8_REQUIRED : syntax;
    }

    /** RFC 3030 section 2: {@code "BDAT" SP chunk-size [SP end-marker]}, end-marker {@code LAST}. */
    private static Command bdat(String args) {
        String[] words = args.split(" ", -1);
        if (words.length > 2 || words[0].isEmpty() || words[0].length() > MAX_BDAT_DIGITS) {
            return invalidArguments();
        }
        long size = 0;
        for (int i = 0; i < words[0].length(); i++) {
            char c = words[0].charAt(i);
            if (c < '0' || c > '9') {
                return invalidArguments();
            }
            size = size * 10 + (c - '0');
            if (size < 0) {
                return invalidArguments();
            }
        }
        if (words.length == 2 && !"LAST".equals(Ascii.upper(words[1]))) {
            return invalidArguments();
        }
        return new Command.Bdat(size, words.length == 2);
    }

    /** RFC 4954 section 4: {@code "AUTH" SP sasl-mech [SP initial-response]}; the response is base64 or "=". */
    private static Command auth(String args) {
        String[] words = args.split(" ", -1);
        if (words.length > 2 || words[0].isEmpty() || words[0].length() > MAX_MECHANISM_CHARS) {
            return invalidArguments();
        }
        String mechanism = Ascii.upper(words[0]);
        for (int i = 0; i < mechanism.length(); i++) {
            char c = mechanism.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
                return invalidArguments();
            }
        }
        if (words.length == 1) {
            return new Command.Auth(mechanism, Optional.empty());
        }
        String response = words[1];
        if (response.isEmpty()) {
            return invalidArguments();
        }
        if (!isBase64Text(response)) {
            // RFC 4954 section 4: an initial response that cannot be decoded is refused like any other.
            return new Command.Invalid(Replies.AUTH_CANNOT_DECODE);
        }
        return new Command.Auth(mechanism, Optional.of(response));
    }

    private static boolean isBase64Text(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/' || c == '=';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String stripTrailingSpaces(String line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }

    /** No control character (C0, DEL, C1) and no unpaired surrogate, which valid UTF-8 cannot produce. */
    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
