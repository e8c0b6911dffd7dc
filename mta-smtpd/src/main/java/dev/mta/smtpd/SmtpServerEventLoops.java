package dev.mta.smtpd;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;

import java.util.Objects;

/**
 * The Netty event loops the server runs on, and the server channel type that fits them (epoll or NIO). The
 * daemon creates and shuts down the groups; the server only binds to them, so its stop never ends threads it
 * does not own.
 *
 * @param acceptors         the group that accepts connections on the listening sockets
 * @param sessions          the group that serves the accepted connections
 * @param serverChannelType the listening channel class matching the groups' I/O handler
 */
public record SmtpServerEventLoops(EventLoopGroup acceptors, EventLoopGroup sessions,
                                   Class<? extends ServerChannel> serverChannelType) {

    public SmtpServerEventLoops {
        Objects.requireNonNull(acceptors, "acceptors");
        Objects.requireNonNull(sessions, "sessions");
        Objects.requireNonNull(serverChannelType, "serverChannelType");
    }
}
