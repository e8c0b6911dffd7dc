package dev.mta.smtpd.session;

import dev.mta.core.address.AddressParser;
import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.MessageSink;
import dev.mta.smtpd.AcceptedDomainSettings;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ServerTlsContext;
import dev.mta.smtpd.TimeoutSettings;
import dev.mta.smtpd.wire.SmtpLineDecoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** A session in an {@link EmbeddedChannel}, with the framer in front as the server builds it. */
final class EmbeddedSession implements AutoCloseable {

    static final String HOSTNAME = "mx.ours.test";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);

    final EmbeddedChannel channel;

    EmbeddedSession(MessageSink sink, ListenerRole role, boolean relayClient) {
        this(sink, role, relayClient, LimitSettings.DEFAULTS);
    }

    EmbeddedSession(MessageSink sink, ListenerRole role, boolean relayClient, LimitSettings limits) {
        this(sink, role, relayClient, limits, Optional.empty());
    }

    EmbeddedSession(MessageSink sink, ListenerRole role, boolean relayClient, LimitSettings limits,
                    Optional<ServerTlsContext> tls) {
        this(sink, role, relayClient, limits, tls, Optional.empty());
    }

    EmbeddedSession(MessageSink sink, ListenerRole role, boolean relayClient, LimitSettings limits,
                    Optional<ServerTlsContext> tls, Optional<SessionAuth> auth) {
        this(new SessionConfig(HOSTNAME, limits, TimeoutSettings.DEFAULTS, SessionConfig.dataPolicy(limits),
                SessionConfig.DEFAULT_MAX_ERRORS, policy(), sink, tls, CLOCK, auth), role, relayClient);
    }

    /** A session with a configuration of the test's own. */
    EmbeddedSession(SessionConfig config, ListenerRole role, boolean relayClient) {
        channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(SmtpSession.FRAMER, new SmtpLineDecoder());
                ch.pipeline().addLast("session", new SmtpSession(config, role, relayClient));
            }
        });
    }

    /** A session of the local submission socket, for the user {@code peer}. */
    EmbeddedSession(MessageSink sink, LocalPeer peer) {
        SessionConfig config = new SessionConfig(HOSTNAME, LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS,
                SessionConfig.dataPolicy(LimitSettings.DEFAULTS), SessionConfig.DEFAULT_MAX_ERRORS, policy(), sink,
                Optional.empty(), CLOCK, Optional.empty());
        channel = new EmbeddedChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.pipeline().addLast(SmtpSession.FRAMER, new SmtpLineDecoder());
                ch.pipeline().addLast("session", new SmtpSession(config, peer));
            }
        });
    }

    /** ours.test accepts anyone; list.test only the addresses in its recipients list. */
    static RecipientPolicy policy() {
        try {
            java.nio.file.Path list = java.nio.file.Files.createTempFile("recipients", ".txt");
            java.nio.file.Files.writeString(list, "# listed\nknown@list.test\n");
            RecipientPolicy policy = RecipientPolicy.load(HOSTNAME, List.of(
                    new AcceptedDomainSettings(domain("ours.test"), Optional.empty()),
                    new AcceptedDomainSettings(domain("list.test"), Optional.of(list))));
            java.nio.file.Files.delete(list);
            return policy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static dev.mta.core.address.Domain domain(String name) {
        return AddressParser.domain(name, Utf8Mode.ASCII_ONLY).toOptional().orElseThrow();
    }

    /** Sends text as one read. */
    void send(String text) {
        channel.writeInbound(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }

    /** Sends text split into reads of {@code size} octets. */
    void sendInChunks(String text, int size) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i += size) {
            channel.writeInbound(Unpooled.wrappedBuffer(bytes, i, Math.min(size, bytes.length - i)));
        }
    }

    /** Everything written to the client since the last call. */
    String output() {
        channel.runPendingTasks();
        StringBuilder out = new StringBuilder();
        for (Object o = channel.readOutbound(); o != null; o = channel.readOutbound()) {
            ByteBuf buf = (ByteBuf) o;
            out.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return out.toString();
    }

    /** Greeting and EHLO, output discarded. */
    EmbeddedSession greeted() {
        send("EHLO client.remote.test\r\n");
        output();
        return this;
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
