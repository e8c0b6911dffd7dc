package dev.mta.smtpd.auth;

import java.util.Objects;
import java.util.Optional;

/**
 * SASL LOGIN (draft-murchison-sasl-login): the server asks {@code Username:} ({@code 334 VXNlcm5hbWU6}), then
 * {@code Password:} ({@code 334 UGFzc3dvcmQ6}); each answer is base64 of UTF-8. An initial response, which
 * some clients send with {@code AUTH LOGIN}, is the user name. Not a registered standard, but Outlook and many
 * devices speak nothing else.
 *
 * <p>Decisions, as for PLAIN: an empty user name or password is refused as invalid credentials (535 5.7.8)
 * without a password check; a NUL in either is refused as undecodable (501 5.5.2), since PLAIN could not
 * carry it either and no user name in the users file holds one.
 */
final class LoginExchange implements SaslExchange {

    /** base64 of "Username:". */
    static final String USERNAME_CHALLENGE = "VXNlcm5hbWU6";
    /** base64 of "Password:". */
    static final String PASSWORD_CHALLENGE = "UGFzc3dvcmQ6";

    private enum State { NEW, WAITING_USERNAME, WAITING_PASSWORD, DONE }

    private State state = State.NEW;
    private String username;

    @Override
    public SaslStep start(Optional<String> initialResponse) {
        Objects.requireNonNull(initialResponse, "initialResponse");
        if (state != State.NEW) {
            throw new IllegalStateException("exchange already started");
        }
        if (initialResponse.isEmpty()) {
            state = State.WAITING_USERNAME;
            return new SaslStep.Challenge(USERNAME_CHALLENGE);
        }
        return username(SaslResponses.initial(initialResponse.get()));
    }

    @Override
    public SaslStep respond(String line) {
        Objects.requireNonNull(line, "line");
        switch (state) {
            case WAITING_USERNAME:
                return username(SaslResponses.continuation(line));
            case WAITING_PASSWORD:
                return password(SaslResponses.continuation(line));
            default:
                throw new IllegalStateException("exchange is not waiting for a response");
        }
    }

    private SaslStep username(SaslResponses.Decoded decoded) {
        SaslStep.Failed failure = check(decoded);
        if (failure != null) {
            return failure;
        }
        username = ((SaslResponses.Text) decoded).value();
        state = State.WAITING_PASSWORD;
        return new SaslStep.Challenge(PASSWORD_CHALLENGE);
    }

    private SaslStep password(SaslResponses.Decoded decoded) {
        SaslStep.Failed failure = check(decoded);
        if (failure != null) {
            return failure;
        }
        state = State.DONE;
        String name = username;
        username = null;
        return new SaslStep.Credentials(name, ((SaslResponses.Text) decoded).value());
    }

    /** The failure for a refused, empty or NUL-bearing field, or null when the field is usable. */
    private SaslStep.Failed check(SaslResponses.Decoded decoded) {
        SaslStep.Failed failure = null;
        if (decoded instanceof SaslResponses.Refused refused) {
            failure = refused.failure();
        } else {
            String value = ((SaslResponses.Text) decoded).value();
            if (value.isEmpty()) {
                failure = SaslResponses.INVALID;
            } else if (value.indexOf('\0') >= 0) {
                failure = SaslResponses.CANNOT_DECODE;
            }
        }
        if (failure != null) {
            state = State.DONE;
            username = null;
        }
        return failure;
    }
}
