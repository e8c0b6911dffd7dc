package dev.mta.smtpd.wire.command;

import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.DsnReturn;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.smtp.Replies;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The ESMTP parameters after the path of MAIL FROM and RCPT TO (RFC 5321 section 4.1.2: {@code esmtp-param =
 * esmtp-keyword ["=" esmtp-value]}). Keywords are case-insensitive. Parameters are separated by one space;
 * runs of spaces and trailing spaces are tolerated, since they are harmless and some clients send them.
 *
 * <p>A malformed parameter or value is {@code 501 5.5.4}; a parameter this server does not know, or one given
 * twice, is {@code 555 5.5.4} (RFC 5321 section 4.1.1.11). Parameters are checked left to right and the first
 * problem decides the reply.
 */
final class EsmtpParameters {

    /** RFC 3461 section 4.4: an ENVID of at most 100 characters. */
    static final int MAX_ENVID_CHARS = 100;

    /** RFC 3461 section 4.2: an ORCPT of at most 500 characters. */
    static final int MAX_ORCPT_CHARS = 500;

    /** RFC 4954 section 5 sets no limit on AUTH=; an addr-spec is far shorter than this. */
    static final int MAX_AUTH_CHARS = 500;

    /** RFC 1870: {@code size-value ::= 1*20DIGIT}; anything over 19 digits would overflow a {@code long}. */
    private static final int MAX_SIZE_DIGITS = 19;

    private record Param(String keyword, String value) {
    }

    private EsmtpParameters() {
    }

    static Checked<MailParameters> mail(String line, int from) {
        Checked<List<Param>> tokens = tokens(line, from);
        if (!(tokens instanceof Checked.Ok<List<Param>> ok)) {
            return Checked.err(((Checked.Err<List<Param>>) tokens).reply());
        }
        BodyType body = BodyType.SEVEN_BIT;
        boolean smtpUtf8 = false;
        OptionalLong size = OptionalLong.empty();
        Optional<DsnReturn> ret = Optional.empty();
        Optional<String> envid = Optional.empty();
        Optional<String> auth = Optional.empty();
        Set<String> seen = new HashSet<>();
        for (Param p : ok.value()) {
            if (!seen.add(p.keyword())) {
                return Checked.err(Replies.PARAMETERS_NOT_RECOGNIZED);
            }
            switch (p.keyword()) {
                case "SIZE" -> {
                    long value = size(p.value());
                    if (value < 0) {
                        return syntax();
                    }
                    size = OptionalLong.of(value);
                }
                case "BODY" -> {
                    Optional<BodyType> type = bodyType(p.value());
                    if (type.isEmpty()) {
                        return syntax();
                    }
                    body = type.get();
                }
                case "SMTPUTF8" -> {
                    // RFC 6531 section 3.4: the parameter has no value.
                    if (p.value() != null) {
                        return syntax();
                    }
                    smtpUtf8 = true;
                }
                case "RET" -> {
                    String value = upper(p.value());
                    if ("FULL".equals(value)) {
                        ret = Optional.of(DsnReturn.FULL);
                    } else if ("HDRS".equals(value)) {
                        ret = Optional.of(DsnReturn.HDRS);
                    } else {
                        return syntax();
                    }
                }
                case "ENVID" -> {
                    envid = xtext(p.value(), MAX_ENVID_CHARS);
                    if (envid.isEmpty()) {
                        return syntax();
                    }
                }
                case "AUTH" -> {
                    auth = xtext(p.value(), MAX_AUTH_CHARS);
                    if (auth.isEmpty()) {
                        return syntax();
                    }
                }
                default -> {
                    return Checked.err(Replies.PARAMETERS_NOT_RECOGNIZED);
                }
            }
        }
        return Checked.ok(new MailParameters(body, smtpUtf8, size, ret, envid, auth));
    }

    static Checked<RcptParameters> rcpt(String line, int from) {
        Checked<List<Param>> tokens = tokens(line, from);
        if (!(tokens instanceof Checked.Ok<List<Param>> ok)) {
            return Checked.err(((Checked.Err<List<Param>>) tokens).reply());
        }
        Set<DsnNotify> notify = Set.of();
        Optional<String> orcpt = Optional.empty();
        Set<String> seen = new HashSet<>();
        for (Param p : ok.value()) {
            if (!seen.add(p.keyword())) {
                return Checked.err(Replies.PARAMETERS_NOT_RECOGNIZED);
            }
            switch (p.keyword()) {
                case "NOTIFY" -> {
                    Optional<Set<DsnNotify>> values = notify(p.value());
                    if (values.isEmpty()) {
                        return syntax();
                    }
                    notify = values.get();
                }
                case "ORCPT" -> {
                    orcpt = originalRecipient(p.value());
                    if (orcpt.isEmpty()) {
                        return syntax();
                    }
                }
                default -> {
                    return Checked.err(Replies.PARAMETERS_NOT_RECOGNIZED);
                }
            }
        }
        return Checked.ok(new RcptParameters(notify, orcpt));
    }

    private static <T> Checked<T> syntax() {
        return Checked.err(Replies.PARAMETER_SYNTAX_ERROR);
    }

    /** Splits the text after the path into keyword and value; {@code from} is just after the path's {@code >}. */
    private static Checked<List<Param>> tokens(String line, int from) {
        List<Param> params = new ArrayList<>();
        int i = from;
        int end = line.length();
        if (i < end && line.charAt(i) != ' ') {
            return syntax();
        }
        while (i < end) {
            while (i < end && line.charAt(i) == ' ') {
                i++;
            }
            if (i == end) {
                break;
            }
            int tokenEnd = line.indexOf(' ', i);
            if (tokenEnd < 0) {
                tokenEnd = end;
            }
            int equals = line.indexOf('=', i);
            String keyword;
            String value = null;
            if (equals >= 0 && equals < tokenEnd) {
                keyword = line.substring(i, equals);
                value = line.substring(equals + 1, tokenEnd);
                if (!isValue(value)) {
                    return syntax();
                }
            } else {
                keyword = line.substring(i, tokenEnd);
            }
            if (!isKeyword(keyword)) {
                return syntax();
            }
            params.add(new Param(Ascii.upper(keyword), value));
            i = tokenEnd;
        }
        return Checked.ok(params);
    }

    /** {@code esmtp-keyword = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")}. */
    private static boolean isKeyword(String keyword) {
        if (keyword.isEmpty() || keyword.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < keyword.length(); i++) {
            char c = keyword.charAt(i);
            if (!(isAsciiAlnum(c) || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code esmtp-value = 1*(%d33-60 / %d62-126)}, and UTF-8 beyond ASCII (RFC 6531 section 3.3). Control
     * characters never reach this point; space ends the token; so only emptiness and {@code =} remain.
     */
    private static boolean isValue(String value) {
        return !value.isEmpty() && value.indexOf('=') < 0 && value.indexOf('\u007f') < 0;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /** RFC 1870: digits only; -1 for anything else, or a value over {@code Long.MAX_VALUE}. */
    private static long size(String value) {
        if (value == null || value.length() > MAX_SIZE_DIGITS) {
            return -1;
        }
        long size = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            size = size * 10 + (c - '0');
            if (size < 0) {
                return -1;
            }
        }
        return size;
    }

    private static Optional<BodyType> bodyType(String value) {
        String upper = upper(value);
        for (BodyType type : BodyType.values()) {
            if (type.keyword().equals(upper)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** RFC 3461 section 4.1: {@code NEVER}, or a comma-separated list of SUCCESS, FAILURE and DELAY. */
    private static Optional<Set<DsnNotify>> notify(String value) {
        String upper = upper(value);
        if (upper == null) {
            return Optional.empty();
        }
        if ("NEVER".equals(upper)) {
            return Optional.of(Set.of(DsnNotify.NEVER));
        }
        Set<DsnNotify> values = EnumSet.noneOf(DsnNotify.class);
        for (String item : upper.split(",", -1)) {
            switch (item) {
                case "SUCCESS" -> values.add(DsnNotify.SUCCESS);
                case "FAILURE" -> values.add(DsnNotify.FAILURE);
                case "DELAY" -> values.add(DsnNotify.DELAY);
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(values);
    }

    /** RFC 3461 section 4.2: {@code addr-type ";" xtext}, addr-type an atom such as {@code rfc822}. */
    private static Optional<String> originalRecipient(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int semicolon = value.indexOf(';');
        if (semicolon < 1 || value.length() > MAX_ORCPT_CHARS * 3) {
            return Optional.empty();
        }
        String type = value.substring(0, semicolon);
        for (int i = 0; i < type.length(); i++) {
            if (!isAtext(type.charAt(i))) {
                return Optional.empty();
            }
        }
        return Xtext.decode(value.substring(semicolon + 1), MAX_ORCPT_CHARS - type.length() - 1)
                .filter(address -> !address.isEmpty())
                .map(address -> type + ";" + address);
    }

    /** {@code atext} of RFC 5322 section 3.2.3, ASCII only. */
    private static boolean isAtext(char c) {
        return isAsciiAlnum(c) || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }

    private static Optional<String> xtext(String value, int maxChars) {
        return value == null || value.isEmpty() ? Optional.empty() : Xtext.decode(value, maxChars);
    }

    private static String upper(String value) {
        return Ascii.upper(value);
    }
}
