package dev.mta.core.sink;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The MAIL FROM parameters kept for delivery.
 *
 * @param body         BODY=, {@link BodyType#SEVEN_BIT} when absent
 * @param smtpUtf8     whether SMTPUTF8 was given (RFC 6531)
 * @param declaredSize SIZE=, as declared by the client (RFC 1870)
 * @param ret          RET= (RFC 3461)
 * @param envelopeId   ENVID=, xtext-decoded (RFC 3461)
 * @param authSender   AUTH=, xtext-decoded, only when the server trusts it (RFC 4954 section 5)
 */
public record MailParameters(
        BodyType body,
        boolean smtpUtf8,
        OptionalLong declaredSize,
        Optional<DsnReturn> ret,
        Optional<String> envelopeId,
        Optional<String> authSender) {

    public static final MailParameters DEFAULT = new MailParameters(
            BodyType.SEVEN_BIT, false, OptionalLong.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    public MailParameters {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(declaredSize, "declaredSize");
        Objects.requireNonNull(ret, "ret");
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(authSender, "authSender");
    }
}
