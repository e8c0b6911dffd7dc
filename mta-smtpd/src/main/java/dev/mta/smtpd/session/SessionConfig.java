package dev.mta.smtpd.session;

import dev.mta.core.sink.MessageSink;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ServerTlsContext;
import dev.mta.smtpd.TimeoutSettings;
import dev.mta.smtpd.wire.DataPolicy;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * What every session of one server shares: immutable, or (the sink, the TLS holder) thread-safe.
 *
 * @param hostname   our host name, in the greeting and the Received field
 * @param limits     message size, recipients
 * @param timeouts   command and data timeouts
 * @param dataPolicy how DATA and BDAT content is checked
 * @param maxErrors  after this many refused commands the session ends with 421 4.7.0
 * @param recipients the relay and recipient policy
 * @param sink       where accepted messages go
 * @param tls        the server certificate, when there is one; without it STARTTLS is not offered
 * @param clock      time for the Received and Date fields
 */
public record SessionConfig(String hostname, LimitSettings limits, TimeoutSettings timeouts, DataPolicy dataPolicy,
                            int maxErrors, RecipientPolicy recipients, MessageSink sink,
                            Optional<ServerTlsContext> tls, Clock clock) {

    /** Ten refused commands end the session, as Postfix's smtpd_hard_error_limit would at 20; tighter. */
    public static final int DEFAULT_MAX_ERRORS = 10;

    public SessionConfig {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(dataPolicy, "dataPolicy");
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(clock, "clock");
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors must be positive: " + maxErrors);
        }
    }

    /** The DATA policy that follows from the limits: the size limit and the Received limit. */
    public static DataPolicy dataPolicy(LimitSettings limits) {
        return DataPolicy.DEFAULT.withMaxMessageOctets(limits.messageSize().bytes())
                .withReceivedLimit(limits.receivedHeaders());
    }
}
