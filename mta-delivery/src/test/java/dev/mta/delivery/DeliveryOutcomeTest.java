package dev.mta.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mta.core.smtp.Reply;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeliveryOutcomeTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
            "250, 2.0.0, Delivered, 2.0.0",
            "251, 2.1.5, Delivered, 2.1.5",
            "421, 4.3.2, TempFail, 4.3.2",
            "450, 4.2.0, TempFail, 4.2.0",
            "550, 5.1.1, PermFail, 5.1.1",
            "554, 5.7.1, PermFail, 5.7.1",
    })
    void classifiedByCodeOnly(int code, String status, String kind, String dsn) {
        DeliveryOutcome outcome = DeliveryOutcome.of(Reply.of(code, status, "text"), Optional.empty(), false);
        assertEquals(kind, outcome.getClass().getSimpleName());
        assertEquals(dsn, outcome.dsn());
    }

    @Test
    void replyWithoutEnhancedStatusGetsClassDefault() {
        assertEquals("5.0.0", DeliveryOutcome.of(Reply.withoutStatus(550, "no"), Optional.empty(), false).dsn());
        assertEquals("4.0.0", DeliveryOutcome.of(Reply.withoutStatus(451, "later"), Optional.empty(), false).dsn());
    }

    @Test
    void intermediateReplyIsTemporary() {
        DeliveryOutcome outcome = DeliveryOutcome.of(Reply.withoutStatus(354, "go on"), Optional.empty(), false);
        assertInstanceOf(DeliveryOutcome.TempFail.class, outcome);
    }

    @Test
    void synthesizedReplies() {
        assertEquals("4.4.3", DeliveryReplies.DNS_TEMPFAIL.status().orElseThrow().format());
        assertEquals("4.4.1", DeliveryReplies.CONNECT_FAILED.status().orElseThrow().format());
        assertEquals("5.1.2", DeliveryReplies.NO_SUCH_DOMAIN.status().orElseThrow().format());
        assertEquals("5.1.10", DeliveryReplies.NULL_MX.status().orElseThrow().format());
        assertEquals("554 5.4.6 mail for example.test loops back to myself",
                DeliveryReplies.loop("example.test").toString());
        assertEquals("554 5.4.7 Delivery time expired; last reply: 421 Try later",
                DeliveryReplies.expired(Reply.of(421, "4.4.2", "Try later")).toString());
    }

    @Test
    void outcomeKindMustMatchReplyClass() {
        Reply ok = Reply.of(250, "2.0.0", "ok");
        assertThrows(IllegalArgumentException.class, () -> new DeliveryOutcome.TempFail(ok, Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new DeliveryOutcome.PermFail(ok, Optional.empty()));
    }
}
