package dev.mta.smtpd.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * SASL PLAIN (RFC 4616): one message {@code [authzid] NUL authcid NUL passwd}, UTF-8, base64 on the wire, either
 * as the initial response or after an empty challenge ({@code "334 "}).
 *
 * <p>Decisions: the message must hold exactly two NULs (a NUL inside a field breaks RFC 4616's grammar, where
 * fields are {@code 1*SAFE}, and is refused as undecodable, 501 5.5.2); an empty authcid or password is
 * refused as invalid credentials, 535 5.7.8, without a password check, since neither can ever log in; an
 * authorization identity is accepted only when it is empty or equal to the authcid (mta has no proxy
 * authorization, and RFC 4616 section 2 has the server refuse one it does not allow: 535 5.7.8, as SECURITY.md
 * S-12 asks).
 */
final class PlainExchange implements SaslExchange {

    private enum State { NEW, WAITING, DONE }

    private State state = State.NEW;

    @Override
    public SaslStep start(Optional<String> initialResponse) {
        Objects.requireNonNull(initialResponse, "initialResponse");
        if (state != State.NEW) {
            throw new IllegalStateException("exchange already started");
        }
        if (initialResponse.isEmpty()) {
            // RFC 4954 section 4: without an initial response the server sends an empty challenge.
            state = State.WAITING;
            return new SaslStep.Challenge("");
        }
        state = State.DONE;
        return message(SaslResponses.initial(initialResponse.get()));
    }

    @Override
    public SaslStep respond(String line) {
        Objects.requireNonNull(line, "line");
        if (state != State.WAITING) {
            throw new IllegalStateException("exchange is not waiting for a response");
        }
        state = State.DONE;
        return message(SaslResponses.continuation(line));
    }

    private static SaslStep message(SaslResponses.Decoded decoded) {
        if (decoded instanceof SaslResponses.Refused refused) {
            return refused.failure();
        }
        String message = ((SaslResponses.Text) decoded).value();
        int first = message.indexOf('\0');
        int second = first < 0 ? -1 : message.indexOf('\0', first + 1);
        if (second < 0 || message.indexOf('\0', second + 1) >= 0) {
            return SaslResponses.CANNOT_DECODE;
        }
        String authzid = message.substring(0, first);
        String authcid = message.substring(first + 1, second);
        String password = message.substring(second + 1);
        if (authcid.isEmpty() || password.isEmpty()) {
            return SaslResponses.INVALID;
        }
        if (!authzid.isEmpty() && !authzid.equals(authcid)) {
            return SaslResponses.INVALID;
        }
        return new SaslStep.Credentials(authcid, password);
    }
}
