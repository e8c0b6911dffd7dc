package dev.mta.smtpd;

import io.netty.channel.ServerChannel;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * The local submission socket as the daemon offers it (DESIGN.md, "Local sockets"): the server only binds what it
 * is given, so this module needs no native transport of its own.
 *
 * @param address     the Unix domain socket address to bind (the transport's own address type)
 * @param channelType the listening channel class for Unix domain sockets matching the server's event loops
 * @param peers       names the user of each accepted connection
 */
public record LocalSocket(SocketAddress address, Class<? extends ServerChannel> channelType,
                          LocalPeerResolver peers) {

    public LocalSocket {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(channelType, "channelType");
        Objects.requireNonNull(peers, "peers");
    }
}
