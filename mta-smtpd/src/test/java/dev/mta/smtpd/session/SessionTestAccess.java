package dev.mta.smtpd.session;

import dev.mta.core.sink.MessageSink;
import dev.mta.core.tls.KeyType;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ServerTlsContext;
import io.netty.buffer.Unpooled;

import java.util.Optional;

/** Opens {@link EmbeddedSession} to tests in other packages (the dialog runner). */
public final class SessionTestAccess {

    private SessionTestAccess() {
    }

    /** A session of a client outside the relay networks, with a certificate so STARTTLS is offered. */
    public static Embedded embedded(MessageSink sink, ListenerRole role) throws Exception {
        ServerTlsContext tls = new ServerTlsContext(new SelfSignedCertificateGenerator(EmbeddedSession.CLOCK)
                .generate(EmbeddedSession.HOSTNAME, KeyType.EC_P256));
        return new Embedded(new EmbeddedSession(sink, role, false, LimitSettings.DEFAULTS, Optional.of(tls)));
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
