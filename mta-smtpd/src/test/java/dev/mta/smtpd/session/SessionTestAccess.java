package dev.mta.smtpd.session;

import dev.mta.core.sink.MessageSink;
import dev.mta.core.tls.KeyType;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ServerTlsContext;
import dev.mta.smtpd.TimeoutSettings;
import io.netty.buffer.Unpooled;

import java.util.Optional;

/** Opens {@link EmbeddedSession} to tests in other packages (the dialog runner). */
public final class SessionTestAccess {

    private SessionTestAccess() {
    }

    /** A session of a client outside the relay networks, with a certificate so STARTTLS is offered. */
    public static Embedded embedded(MessageSink sink, ListenerRole role) throws Exception {
        return embedded(sink, role, LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS);
    }

    /** As above, with limits and timeouts of the test's own. */
    public static Embedded embedded(MessageSink sink, ListenerRole role, LimitSettings limits,
                                    TimeoutSettings timeouts) throws Exception {
        ServerTlsContext tls = new ServerTlsContext(new SelfSignedCertificateGenerator(EmbeddedSession.CLOCK)
                .generate(EmbeddedSession.HOSTNAME, KeyType.EC_P256));
        SessionConfig config = new SessionConfig(EmbeddedSession.HOSTNAME, limits, timeouts,
                SessionConfig.dataPolicy(limits), SessionConfig.DEFAULT_MAX_ERRORS, EmbeddedSession.policy(), sink,
                Optional.of(tls), EmbeddedSession.CLOCK, Optional.empty());
        return new Embedded(new EmbeddedSession(config, role, false));
    }

    /** A handle on an embedded session. */
    public static final class Embedded implements AutoCloseable {

        private final EmbeddedSession session;

        Embedded(EmbeddedSession session) {
            this.session = session;
        }

        public void send(byte[] octets) {
            session.channel.writeInbound(Unpooled.wrappedBuffer(octets));
        }

        public String output() {
            return session.output();
        }

        @Override
        public void close() {
            session.close();
        }
    }
}
