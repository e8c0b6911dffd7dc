package dev.mta.delivery.client;

import dev.mta.core.smtp.Reply;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a server said it supports in its reply to EHLO (RFC 5321 section 4.1.1.1), reduced to what the client
 * acts on. A reply to HELO, or one without extensions, gives {@link #NONE}.
 *
 * <p>Capabilities learnt before STARTTLS are thrown away once TLS is up and EHLO is sent again (RFC 3207 section
 * 4.2; SECURITY.md S-05): the connection keeps only the value parsed from the latest EHLO reply.
 *
 * @param pipelining          PIPELINING (RFC 2920)
 * @param size                SIZE offered, with or without a limit (RFC 1870)
 * @param maxSize             SIZE with a limit (RFC 1870); empty when not offered, or offered as 0 or without a
 *                            number (no fixed limit), or with a number too big for a long
 * @param eightBitMime        8BITMIME (RFC 6152)
 * @param smtpUtf8            SMTPUTF8 (RFC 6531)
 * @param chunking            CHUNKING (RFC 3030)
 * @param binaryMime          BINARYMIME (RFC 3030)
 * @param dsn                 DSN (RFC 3461)
 * @param startTls            STARTTLS (RFC 3207)
 * @param enhancedStatusCodes ENHANCEDSTATUSCODES (RFC 2034)
 * @param authMechanisms      the AUTH mechanisms (RFC 4954), upper case; empty when AUTH is not offered
 */
public record ServerCapabilities(
        boolean pipelining,
        boolean size,
        OptionalLong maxSize,
        boolean eightBitMime,
        boolean smtpUtf8,
        boolean chunking,
        boolean binaryMime,
        boolean dsn,
        boolean startTls,
        boolean enhancedStatusCodes,
        Set<String> authMechanisms) {

    /** No extensions: what a server that answered only HELO offers. */
    public static final ServerCapabilities NONE = new ServerCapabilities(
            false, false, OptionalLong.empty(), false, false, false, false, false, false, false, Set.of());

    public ServerCapabilities {
        Objects.requireNonNull(maxSize, "maxSize");
        authMechanisms = Set.copyOf(authMechanisms);
    }

    /**
     * Reads the lines after the first of a positive EHLO reply; each is a keyword and its parameters. Unknown
     * keywords and malformed parameters are ignored, since a server may offer anything (RFC 5321 section 4.1.1.1).
     */
    public static ServerCapabilities fromEhlo(Reply reply) {
        boolean pipelining = false;
        boolean size = false;
        OptionalLong maxSize = OptionalLong.empty();
        boolean eightBit = false;
        boolean utf8 = false;
        boolean chunking = false;
        boolean binary = false;
        boolean dsn = false;
        boolean startTls = false;
        boolean enhanced = false;
        Set<String> auth = new LinkedHashSet<>();
        for (String line : reply.lines().subList(1, reply.lines().size())) {
            String[] words = line.trim().split("[ \t]+");
            switch (words[0].toUpperCase(Locale.ROOT)) {
                case "PIPELINING" -> pipelining = true;
                case "SIZE" -> {
                    size = true;
                    maxSize = words.length > 1 ? sizeLimit(words[1]) : OptionalLong.empty();
                }
                case "8BITMIME" -> eightBit = true;
                case "SMTPUTF8" -> utf8 = true;
                case "CHUNKING" -> chunking = true;
                case "BINARYMIME" -> binary = true;
                case "DSN" -> dsn = true;
                case "STARTTLS" -> startTls = true;
                case "ENHANCEDSTATUSCODES" -> enhanced = true;
                case "AUTH" -> {
                    for (int i = 1; i < words.length; i++) {
                        auth.add(words[i].toUpperCase(Locale.ROOT));
                    }
                }
                default -> {
                    // Unknown keywords, and old forms such as "AUTH=LOGIN", are not used.
                }
            }
        }
        return new ServerCapabilities(pipelining, size, maxSize, eightBit, utf8, chunking, binary, dsn, startTls,
                enhanced, auth);
    }

    /**
     * The SIZE parameter as a limit: 1 to 20 ASCII digits that fit in a long. Zero means "no fixed limit" (RFC 1870
     * section 4); a value that overflows is no limit we could exceed either, and anything else is ignored.
     */
    private static OptionalLong sizeLimit(String digits) {
        if (digits.isEmpty() || digits.length() > 20) {
            return OptionalLong.empty();
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            if (value > (Long.MAX_VALUE - (c - '0')) / 10) {
                return OptionalLong.empty();
            }
            value = value * 10 + (c - '0');
        }
        return value == 0 ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** Whether a message of {@code octets} is over the server's announced limit. */
    public boolean tooBig(long octets) {
        return maxSize.isPresent() && octets > maxSize.getAsLong();
    }
}
