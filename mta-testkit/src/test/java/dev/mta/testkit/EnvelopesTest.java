package dev.mta.testkit;

import dev.mta.core.address.AddressLiteral;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnvelopesTest {

    @Test
    void simpleIsAnInboundMessageFromOneSenderToOneRecipient() {
        Envelope envelope = Envelopes.simple();

        assertEquals("<alice@example.net>", envelope.sender().toString());
        assertEquals(List.of("bob@example.com"),
                envelope.recipients().stream().map(r -> r.address().toString()).toList());
        assertEquals(MailParameters.DEFAULT, envelope.parameters());
        assertEquals(Origin.Channel.SMTP, envelope.origin().channel());
        assertEquals("192.0.2.10", envelope.origin().clientAddress());
        assertEquals(Optional.of("client.example.net"), envelope.origin().helo());
        assertEquals(Envelopes.ARRIVAL, envelope.origin().arrival());
        assertFalse(envelope.origin().locallyOriginated());
        assertEquals(Envelopes.simple(), envelope, "the same defaults every time");
    }

    @Test
    void builderChangesOnlyWhatItIsTold() {
        Envelope envelope = Envelopes.builder()
                .nullSender()
                .recipients("a@example.com", "b@example.org")
                .authenticatedUser("alice@example.net")
                .tls("TLSv1.3 TLS_AES_128_GCM_SHA256")
                .build();

        assertEquals(ReversePath.NULL, envelope.sender());
        assertEquals(2, envelope.recipients().size());
        assertEquals(Optional.of("alice@example.net"), envelope.origin().authenticatedUser());
        assertTrue(envelope.origin().locallyOriginated(), "authenticated mail is locally originated");
        assertEquals(Optional.of("TLSv1.3 TLS_AES_128_GCM_SHA256"), envelope.origin().tls());
        assertEquals(Envelopes.CLIENT_ADDRESS, envelope.origin().clientAddress());
    }

    @Test
    void anEnvelopeNeedsARecipient() {
        assertThrows(IllegalArgumentException.class, () -> Envelopes.builder().recipients().build());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "bob@Example.COM,          bob,    example.com,          example.com",
            "jürgen@Bücher.example,    jürgen, xn--bcher-kva.example, bücher.example",
            "x@xn--bcher-kva.example,  x,      xn--bcher-kva.example, bücher.example",
            "a@b@example.com,          a@b,    example.com,          example.com",
    })
    void mailboxSplitsAtTheLastAtAndGivesBothDomainForms(String address, String local, String ascii,
                                                        String unicode) {
        Mailbox mailbox = Envelopes.mailbox(address);

        assertEquals(local, mailbox.localPart());
        Domain domain = assertInstanceOf(Domain.class, mailbox.host());
        assertEquals(ascii, domain.ascii());
        assertEquals(unicode, domain.unicode());
    }

    @Test
    void mailboxTakesAddressLiterals() throws Exception {
        assertEquals(new AddressLiteral(InetAddress.getByName("192.0.2.1")),
                Envelopes.mailbox("x@[192.0.2.1]").host());
        assertEquals("[IPv6:2001:db8::1]", Envelopes.mailbox("x@[IPv6:2001:db8::1]").host().ascii());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "nobody", "@example.com", "x@", "x@[not.an.ip]", "x@[IPv6:example]", "x@[300]"})
    void mailboxRefusesWhatIsNoAddress(String address) {
        assertThrows(IllegalArgumentException.class, () -> Envelopes.mailbox(address));
    }

    @Test
    void roundTripCasesUseEveryField() {
        List<Envelope> cases = Envelopes.roundTripCases();

        assertTrue(cases.stream().anyMatch(e -> e.sender().isNull()), "null sender");
        assertTrue(cases.stream().anyMatch(e -> e.parameters().smtpUtf8()), "SMTPUTF8");
        assertTrue(cases.stream().anyMatch(e -> e.parameters().envelopeId().orElse("").contains("\n")),
                "decoded ENVID with a line break");
        assertTrue(cases.stream().anyMatch(e -> e.parameters().ret().isPresent()), "RET");
        assertTrue(cases.stream().anyMatch(e -> e.parameters().declaredSize().isPresent()), "SIZE");
        assertTrue(cases.stream().anyMatch(e -> e.parameters().authSender().isPresent()), "AUTH=");
        assertTrue(cases.stream().flatMap(e -> e.recipients().stream())
                .anyMatch(r -> !r.notifyOn().isEmpty() && r.originalRecipient().isPresent()), "NOTIFY and ORCPT");
        assertTrue(cases.stream().flatMap(e -> e.recipients().stream())
                .anyMatch(r -> r.address().host() instanceof AddressLiteral), "address literal");
        assertTrue(cases.stream().flatMap(e -> e.recipients().stream())
                .anyMatch(r -> !r.address().host().ascii().equals(r.address().host().unicode())), "IDN");
        for (Origin.Channel channel : Origin.Channel.values()) {
            assertTrue(cases.stream().anyMatch(e -> e.origin().channel() == channel), channel.name());
        }
        assertTrue(cases.stream().map(Envelope::origin).anyMatch(o -> o.clientName().isPresent()
                && o.helo().isPresent() && o.authenticatedUser().isPresent() && o.tls().isPresent()
                && o.arrival().getNano() % 1000 != 0), "every origin field, nanosecond arrival");
        assertTrue(cases.stream().anyMatch(e -> e.recipients().size() >= 100), "many recipients");
    }

    @Test
    void envelopeAssertionsSeeALostUnicodeForm() {
        Envelope utf8 = Envelopes.builder().recipients("x@bücher.example").build();
        Envelope asciiOnly = Envelopes.builder().recipients("x@xn--bcher-kva.example").build();
        Envelope asciiOnlyForReal = new Envelope(asciiOnly.sender(), asciiOnly.parameters(),
                List.of(dev.mta.core.sink.Recipient.of(new Mailbox("x",
                        new Domain("xn--bcher-kva.example", "xn--bcher-kva.example")))),
                asciiOnly.origin());

        assertEquals(utf8, asciiOnlyForReal);
        EnvelopeAssertions.assertEnvelopeEquals(utf8, asciiOnly);
        assertThrows(AssertionError.class, () -> EnvelopeAssertions.assertEnvelopeEquals(utf8, asciiOnlyForReal));
    }
}
