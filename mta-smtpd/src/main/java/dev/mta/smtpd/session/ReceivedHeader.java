package dev.mta.smtpd.session;

import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.QueueId;
import dev.mta.core.sink.Recipient;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * The header fields we put ahead of a message we accept: the {@code Received:} trace field (RFC 5321 section
 * 4.4, protocol names of RFC 3848) and, for locally originated mail that lacks them, {@code Message-ID} and
 * {@code Date} (RFC 6409 section 8). A pure function of its arguments.
 */
public final class ReceivedHeader {

    /** RFC 5322 section 3.3 date-time with a numeric zone. */
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT);

    private ReceivedHeader() {
    }

    /**
     * @param facts      the session (HELO name, IP, TLS, user)
     * @param hostname   our host name
     * @param id         the queue id
     * @param recipients the envelope recipients; named in a {@code for} clause only when there is exactly one,
     *                   so the other recipients of a message are not disclosed
     * @param now        the time of receipt
     */
    public static String received(SessionFacts facts, String hostname, QueueId id, List<Recipient> recipients,
                                  ZonedDateTime now) {
        StringBuilder b = new StringBuilder(256);
        if (facts.localPeer().isPresent()) {
            // The submission socket has no client host; the kernel's word on the user is the trace worth keeping
            // (as Postfix's "from userid 33" for its pickup). RFC 5322 section 3.6.7 allows any tokens here.
            b.append("Received: from local user ").append(facts.localPeer().get().describe());
        } else {
            b.append("Received: from ").append(facts.helo().orElse("unknown"))
                    .append(" (unknown [").append(facts.ip()).append("])");
        }
        if (facts.tls()) {
            b.append("\r\n\t(using ").append(facts.tlsProtocol().orElseThrow())
                    .append(" with cipher ").append(facts.tlsCipher().orElse("unknown")).append(')');
        }
        if (facts.authenticatedUser().isPresent()) {
            // RFC 3848 marks the AUTH in the protocol name (ESMTPA, ESMTPSA); the comment names the user, as
            // Postfix's smtpd_sasl_authenticated_header does, so abuse from a stolen password can be traced.
            b.append("\r\n\t(Authenticated sender: ").append(facts.authenticatedUser().get()).append(')');
        }
        b.append("\r\n\tby ").append(hostname).append(" with ").append(protocol(facts))
                .append(" id ").append(id.value());
        if (recipients.size() == 1) {
            b.append("\r\n\tfor ").append(recipients.get(0).address().pathForm(Utf8Mode.UTF8_ALLOWED));
        }
        b.append("; ").append(DATE.format(now)).append("\r\n");
        return b.toString();
    }

    /** RFC 3848: SMTP, ESMTP, ESMTPS (TLS), ESMTPA (AUTH), ESMTPSA (both). */
    static String protocol(SessionFacts facts) {
        if (!facts.esmtp()) {
            return "SMTP";
        }
        String name = "ESMTP";
        if (facts.tls()) {
            name += "S";
        }
        if (facts.authenticatedUser().isPresent()) {
            name += "A";
        }
        return name;
    }

    /** The fields RFC 6409 section 8.2 and 8.3 let a submission server add when they are missing. */
    static String missingFields(boolean hasMessageId, boolean hasDate, QueueId id, String hostname,
                                ZonedDateTime now) {
        StringBuilder b = new StringBuilder();
        if (!hasMessageId) {
            b.append("Message-ID: <").append(id.value()).append('@').append(hostname).append(">\r\n");
        }
        if (!hasDate) {
            b.append("Date: ").append(DATE.format(now)).append("\r\n");
        }
        return b.toString();
    }
}
