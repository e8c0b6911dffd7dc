package dev.mta.smtpd.auth;

import dev.mta.core.smtp.Replies;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Decoding of client responses, shared by the mechanisms (RFC 4954 section 4): the cancel line, the length
 * limit, strict base64 and strict UTF-8.
 */
final class SaslResponses {

    /** A decoded response, or the failure to answer with. */
    sealed interface Decoded permits Text, Refused {
    }

    record Text(String value) implements Decoded {
    }

    record Refused(SaslStep.Failed failure) implements Decoded {
    }

    static final SaslStep.Failed CANCELLED = new SaslStep.Failed(Replies.AUTH_CANCELLED);
    static final SaslStep.Failed CANNOT_DECODE = new SaslStep.Failed(AuthReplies.CANNOT_DECODE);
    static final SaslStep.Failed TOO_LONG = new SaslStep.Failed(Replies.AUTH_LINE_TOO_LONG);
    static final SaslStep.Failed INVALID = new SaslStep.Failed(Replies.AUTH_FAILED);

    private SaslResponses() {
    }

    /** The line after a challenge: {@code *} cancels; otherwise base64 of UTF-8 text, possibly empty. */
    static Decoded continuation(String line) {
        if (line.equals("*")) {
            // RFC 4954 section 4: "If the client wishes to cancel the exchange, it issues a line with a single *."
            return new Refused(CANCELLED);
        }
        return base64(line);
    }

    /**
     * The initial response on the AUTH command line: {@code =} is an empty response (RFC 4954 section 4, as the
     * empty string cannot be written there); otherwise base64.
     */
    static Decoded initial(String response) {
        return response.equals("=") ? new Text("") : base64(response);
    }

    private static Decoded base64(String line) {
        if (line.length() > SaslExchange.MAX_LINE_OCTETS) {
            return new Refused(TOO_LONG);
        }
        // RFC 4648 base64 as RFC 4954 asks: the standard alphabet, padded to a multiple of four, no spaces.
        if (line.length() % 4 != 0) {
            return new Refused(CANNOT_DECODE);
        }
        byte[] octets;
        try {
            octets = Base64.getDecoder().decode(line);
        } catch (IllegalArgumentException e) {
            return new Refused(CANNOT_DECODE);
        }
        try {
            return new Text(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(octets))
                    .toString());
        } catch (CharacterCodingException e) {
            // RFC 4616 section 2 and the LOGIN draft both carry UTF-8; anything else is malformed.
            return new Refused(CANNOT_DECODE);
        } finally {
            Arrays.fill(octets, (byte) 0);
        }
    }
}
