package dev.mta.testkit;

import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.Recipient;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Assertions about envelopes that see more than {@link Envelope#equals}: two {@code Domain}s are equal when
 * their A-labels are, so an envelope that lost the U-label form of a domain ({@code bücher.example} stored as
 * {@code xn--bcher-kva.example} only) still equals the original. Storage must keep both forms, since the
 * U-labels are what an SMTPUTF8 peer is sent.
 */
public final class EnvelopeAssertions {

    private EnvelopeAssertions() {
    }

    /** {@code actual} equals {@code expected} in every field, including the U-label form of every domain. */
    public static void assertEnvelopeEquals(Envelope expected, Envelope actual) {
        assertEquals(expected, actual);
        assertEquals(unicodeForm(expected.sender()), unicodeForm(actual.sender()), "sender, U-label form");
        assertEquals(unicodeForms(expected.recipients()), unicodeForms(actual.recipients()),
                "recipients, U-label form");
    }

    private static Optional<String> unicodeForm(ReversePath path) {
        return path.mailbox().map(EnvelopeAssertions::unicodeForm);
    }

    private static List<String> unicodeForms(List<Recipient> recipients) {
        return recipients.stream().map(r -> unicodeForm(r.address())).toList();
    }

    private static String unicodeForm(Mailbox mailbox) {
        return mailbox.localPart() + "@" + mailbox.host().unicode() + " (" + mailbox.host().ascii() + ")";
    }
}
