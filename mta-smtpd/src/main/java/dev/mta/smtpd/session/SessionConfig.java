package dev.mta.smtpd.session;

import dev.mta.core.sink.MessageSink;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ServerTlsContext;
import dev.mta.smtpd.TimeoutSettings;
import dev.mta.smtpd.aliases.AliasTable;
import dev.mta.smtpd.wire.DataPolicy;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What every session of one server shares: immutable, or (the sink, the TLS holder) thread-safe.
 *
 * @param hostname   our host name, in the greeting and the Received field
 * @param limits     message size, recipients
 * @param timeouts   command and data timeouts
 * @param dataPolicy how DATA and BDAT content is checked
 * @param maxErrors  after this many refused commands the session ends with 421 4.7.0
 * @param recipients the relay and recipient policy in use, read once per RCPT (a reload swaps it)
 * @param aliases    the aliases in use, read once per RCPT (a reload swaps them)
 * @param sendRate   messages per authenticated user and period
 * @param sink       where accepted messages go
 * @param tls        the server certificate, when there is one; without it STARTTLS is not offered
 * @param clock      time for the Received and Date fields
 * @param auth       SMTP AUTH, when a users file is configured; without it AUTH is offered nowhere and the
 *                   submission listeners take no mail (RFC 6409 section 4.3)
 */
public record SessionConfig(String hostname, LimitSettings limits, TimeoutSettings timeouts, DataPolicy dataPolicy,
                            int maxErrors, Supplier<RecipientPolicy> recipients, Supplier<AliasTable> aliases,
                            SendRateLimiter sendRate, MessageSink sink, Optional<ServerTlsContext> tls, Clock clock,
                            Optional<SessionAuth> auth) {

    /** Ten refused commands end the session, as Postfix's smtpd_hard_error_limit would at 20; tighter. */
    public static final int DEFAULT_MAX_ERRORS = 10;

    public SessionConfig {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(timeouts, "timeouts");
        Objects.requireNonNull(dataPolicy, "dataPolicy");
        Objects.requireNonNull(recipients, "recipients");
        Objects.requireNonNull(aliases, "aliases");
        Objects.requireNonNull(sendRate, "sendRate");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(auth, "auth");
        if (maxErrors < 1) {
            throw new IllegalArgumentException("maxErrors must be positive: " + maxErrors);
        }
    }

    /** A fixed recipient policy, no aliases, the send rate of {@code limits} on {@code clock}. */
    public SessionConfig(String hostname, LimitSettings limits, TimeoutSettings timeouts, DataPolicy dataPolicy,
                         int maxErrors, RecipientPolicy recipients, MessageSink sink, Optional<ServerTlsContext> tls,
                         Clock clock, Optional<SessionAuth> auth) {
        this(hostname, limits, timeouts, dataPolicy, maxErrors, () -> recipients, () -> AliasTable.EMPTY,
                new SendRateLimiter(limits.sendRatePerUser(), clock), sink, tls, clock, auth);
    }

    /** As above, without AUTH. */
    public SessionConfig(String hostname, LimitSettings limits, TimeoutSettings timeouts, DataPolicy dataPolicy,
                         int maxErrors, RecipientPolicy recipients, MessageSink sink, Optional<ServerTlsContext> tls,
                         Clock clock) {
        this(hostname, limits, timeouts, dataPolicy, maxErrors, recipients, sink, tls, clock, Optional.empty());
    }

    /** Whether AUTH is offered on a listener of this role, once TLS is active. */
    public boolean authOfferedOn(ListenerRole role) {
        return auth.isPresent() && auth.get().offeredOn(role);
    }

    /** The DATA policy that follows from the limits: the size limit and the Received limit. */
    public static DataPolicy dataPolicy(LimitSettings limits) {
        return DataPolicy.DEFAULT.withMaxMessageOctets(limits.messageSize().bytes())
                .withReceivedLimit(limits.receivedHeaders());
    }
}
