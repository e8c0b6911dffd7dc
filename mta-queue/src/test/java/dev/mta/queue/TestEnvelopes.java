package dev.mta.queue;

import dev.mta.core.address.AddressLiteral;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.DsnReturn;
import dev.mta.core.sink.Envelope;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.Origin;
import dev.mta.core.sink.Recipient;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** Envelopes for tests: a plain one and one with every field set to something hostile. */
public final class TestEnvelopes {

    public static final Instant ARRIVAL = Instant.parse("2026-11-25T10:15:30.123456789Z");

    private TestEnvelopes() {
    }

    public static Mailbox mailbox(String local, String domain) {
        return new Mailbox(local, new Domain(domain, domain));
    }

    public static Envelope simple(String... recipients) {
        List<Recipient> rcpts = java.util.Arrays.stream(recipients.length == 0 ? new String[] {"bob"} : recipients)
                .map(r -> Recipient.of(mailbox(r, "example.org"))).toList();
        return new Envelope(ReversePath.of(mailbox("alice", "example.com")), MailParameters.DEFAULT, rcpts,
                new Origin(ARRIVAL, Origin.Channel.SMTP, "192.0.2.1", Optional.empty(), Optional.of("client.test"),
                        Optional.empty(), Optional.empty(), false));
    }

    /** Every optional field present, values carrying CR, LF, NUL, '%', controls and non-ASCII text. */
    public static Envelope hostile() {
        try {
            // A local part may not hold controls (Mailbox refuses them), but quotes, colons and escapes it may.
            String localPartEvil = " \"end: 00000000 rcpt-local: mallory%0A%u2028\\";
            String evil = "x\r\nend: 00000000\r\nrcpt-local: mallory\0%0A%u2028\u2028\u0085\t\u007f ";
            MailParameters params = new MailParameters(BodyType.BINARY_MIME, true, OptionalLong.of(36_700_160L),
                    Optional.of(DsnReturn.HDRS), Optional.of("envid" + evil), Optional.of("<auth" + evil + ">"));
            Recipient r1 = new Recipient(new Mailbox("j\u00f6rg" + localPartEvil, new Domain("xn--bcher-kva.example",
                    "b\u00fccher.example")), Set.of(DsnNotify.FAILURE, DsnNotify.DELAY),
                    Optional.of("rfc822;orcpt" + evil));
            Recipient r2 = new Recipient(new Mailbox("postmaster",
                    new AddressLiteral(InetAddress.getByName("2001:db8::1"))), Set.of(DsnNotify.NEVER),
                    Optional.of(""));
            Recipient r3 = new Recipient(new Mailbox("x", new AddressLiteral(InetAddress.getByName("192.0.2.7"))),
                    Set.of(), Optional.empty());
            return new Envelope(ReversePath.NULL, params, List.of(r1, r2, r3),
                    new Origin(ARRIVAL, Origin.Channel.LOCAL, "uid=33" + evil, Optional.of("name" + evil),
                            Optional.of("helo" + evil), Optional.of("user" + evil),
                            Optional.of("TLSv1.3 TLS_AES_256_GCM_SHA384"), true));
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
