package dev.mta.testkit.smtp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A transaction as {@link ScriptedSmtpServer} received it, whatever it answered at the end.
 *
 * @param connection the number of the connection it came on, from 1
 * @param tls        whether it came over TLS
 * @param mail       the MAIL command line as received, without CRLF
 * @param rcpts      the RCPT command lines as received, accepted or not
 * @param wireData   the octets after DATA up to, not including, the final {@code "." CRLF}; or the BDAT chunks
 *                   joined
 * @param content    {@code wireData} with dot-stuffing undone (for BDAT the same octets)
 */
public record RecordedTransaction(int connection, boolean tls, String mail, List<String> rcpts, byte[] wireData,
                                  byte[] content) {

    public RecordedTransaction {
        Objects.requireNonNull(mail, "mail");
        rcpts = List.copyOf(rcpts);
        wireData = wireData.clone();
        content = content.clone();
    }

    @Override
    public byte[] wireData() {
        return wireData.clone();
    }

    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as UTF-8 text, for assertions. */
    public String contentText() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The data as sent on the wire, as ISO-8859-1 text so each octet is one char. */
    public String wireText() {
        return new String(wireData, StandardCharsets.ISO_8859_1);
    }
}
