package dev.mta.delivery.client;

import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.Recipient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The command lines the client sends, as text without the CRLF. Every line is checked here, at the last step
 * before the wire: a CR, LF or NUL anywhere, from an address or a parameter, throws (DESIGN.md invariant 10;
 * SECURITY.md S-20), so no queue entry, alias or remote text can add a command of its own.
 */
final class SmtpCommands {

    private SmtpCommands() {
    }

    static String ehlo(String name) {
        return checked("EHLO " + name);
    }

    static String helo(String name) {
        return checked("HELO " + name);
    }

    /**
     * MAIL FROM with the parameters this server understands: SIZE (RFC 1870), BODY (RFC 6152, RFC 3030), SMTPUTF8
     * (RFC 6531), and RET and ENVID only when it offers DSN (RFC 3461 section 4). An 8-bit body to a server
     * without 8BITMIME goes out without BODY, as is (what Postfix does; converting would break the signature).
     */
    static String mail(OutboundEnvelope envelope, long size, ServerCapabilities caps) {
        Utf8Mode mode = envelope.needsSmtputf8() ? Utf8Mode.UTF8_ALLOWED : Utf8Mode.ASCII_ONLY;
        StringBuilder line = new StringBuilder("MAIL FROM:").append(envelope.sender().pathForm(mode));
        if (caps.size()) {
            line.append(" SIZE=").append(size);
        }
        BodyType body = envelope.parameters().body();
        if (body == BodyType.BINARY_MIME || (body == BodyType.EIGHT_BIT_MIME && caps.eightBitMime())) {
            line.append(" BODY=").append(body.keyword());
        }
        if (mode == Utf8Mode.UTF8_ALLOWED) {
            line.append(" SMTPUTF8");
        }
        if (caps.dsn()) {
            envelope.parameters().ret().ifPresent(ret -> line.append(" RET=").append(ret.name()));
            envelope.parameters().envelopeId().ifPresent(id -> line.append(" ENVID=").append(xtext(id)));
        }
        return checked(line.toString());
    }

    /** RCPT TO, with NOTIFY and ORCPT only when the server offers DSN (RFC 3461 section 4). */
    static String rcpt(Recipient recipient, Utf8Mode mode, ServerCapabilities caps) {
        StringBuilder line = new StringBuilder("RCPT TO:").append(recipient.address().pathForm(mode));
        if (caps.dsn()) {
            if (!recipient.notifyOn().isEmpty()) {
                line.append(" NOTIFY=").append(recipient.notifyOn().stream().sorted()
                        .map(DsnNotify::name).collect(Collectors.joining(",")));
            }
            recipient.originalRecipient().ifPresent(orcpt -> line.append(" ORCPT=").append(orcpt(orcpt)));
        }
        return checked(line.toString());
    }

    static String bdat(long octets, boolean last) {
        return "BDAT " + octets + (last ? " LAST" : "");
    }

    static String authPlain(ClientCredentials login) {
        // RFC 4616: authzid NUL authcid NUL passwd; empty authzid.
        String message = "\0" + login.username() + "\0" + login.password().value();
        return "AUTH PLAIN " + base64(message);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code addr-type ";" xtext(address)} (RFC 3461 section 4.2); the stored value is decoded. */
    private static String orcpt(String value) {
        int semicolon = value.indexOf(';');
        if (semicolon <= 0) {
            return xtext("rfc822;" + value);
        }
        return value.substring(0, semicolon).toLowerCase(Locale.ROOT) + ";" + xtext(value.substring(semicolon + 1));
    }

    /**
     * xtext (RFC 3461 section 4): {@code "!"} to {@code "~"} as they are except {@code "+"} and {@code "="}, every
     * other octet of the UTF-8 form as {@code +HH}. So CR and LF become {@code +0D} and {@code +0A}, never the octets.
     */
    static String xtext(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                out.append((char) c);
            } else {
                out.append('+').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }

    /** The line as it is, when it holds no CR, LF or NUL. */
    static String checked(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\r' || c == '\n' || c == '\0') {
                throw new IllegalArgumentException(
                        "CR, LF or NUL in an outbound command (DESIGN.md invariant 10) at index " + i);
            }
        }
        return line;
    }
}
