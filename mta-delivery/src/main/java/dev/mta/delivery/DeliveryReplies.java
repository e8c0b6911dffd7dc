package dev.mta.delivery;

import dev.mta.core.smtp.Reply;

/**
 * The replies the engine makes when no server gave one, stored with the recipient and used in log lines and DSNs
 * like a server's reply. Codes from RFC 3463 (enhanced status) and RFC 7505 (null MX).
 */
public final class DeliveryReplies {

    /** SERVFAIL, a timeout or an MX host without addresses: defer, never bounce (invariant 9; X.4.3 routing). */
    public static final Reply DNS_TEMPFAIL = Reply.of(451, "4.4.3", "Temporary DNS failure looking up the next hop");
    /** No connection to any hop (X.4.1 no answer from host). */
    public static final Reply CONNECT_FAILED = Reply.of(421, "4.4.1", "Could not connect to any next hop");
    /** The domain does not exist (X.1.2 bad destination system address). */
    public static final Reply NO_SUCH_DOMAIN = Reply.of(550, "5.1.2", "Recipient domain does not exist");
    /** The domain exists but names no host to deliver to (X.4.4 unable to route). */
    public static final Reply NO_ROUTE = Reply.of(550, "5.4.4", "Recipient domain has no mail host");
    /** RFC 7505 section 3: null MX, the domain accepts no mail (556, X.1.10). */
    public static final Reply NULL_MX = Reply.of(556, "5.1.10", "Recipient domain does not accept mail (null MX)");
    /** A reply that is not a final one where a final one was due (X.5.0). */
    public static final Reply PROTOCOL_ERROR = Reply.of(451, "4.5.0", "Unexpected reply from next hop");
    /** A bug of ours; temporary so nothing fails for it (STYLE.md: unknown exceptions are temporary). */
    public static final Reply LOCAL_ERROR = Reply.of(451, "4.3.0", "Local error in delivery");

    private DeliveryReplies() {
    }

    /** The route leads back to us (DESIGN.md, "Replies that are easy to get wrong"; X.4.6 routing loop). */
    public static Reply loop(String domain) {
        return Reply.of(554, "5.4.6", "mail for " + printable(domain) + " loops back to myself");
    }

    /** The queue lifetime ran out (X.4.7 delivery time expired); {@code last} is the last temporary reply. */
    public static Reply expired(Reply last) {
        String text = "Delivery time expired; last reply: " + last.code() + " " + String.join(" ", last.lines());
        return Reply.of(554, "5.4.7", truncate(text, 400));
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return truncate(out.toString(), 255);
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
