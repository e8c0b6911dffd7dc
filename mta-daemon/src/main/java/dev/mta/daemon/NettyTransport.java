package dev.mta.daemon;

import dev.mta.smtpd.SmtpServerEventLoops;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops the daemon runs on: epoll where the native transport loads (Linux x86-64), NIO
 * elsewhere. One thread accepts connections; the sessions share Netty's default number of threads (twice the
 * cores), which only ever run non-blocking work.
 */
final class NettyTransport {

    private static final Logger log = LoggerFactory.getLogger(NettyTransport.class);

    /** Time without new tasks before a group shuts down, and the limit for the whole shutdown. */
    private static final long QUIET_PERIOD_MILLIS = 100;
    private static final long SHUTDOWN_TIMEOUT_MILLIS = 10_000;

    private final String name;
    private final EventLoopGroup acceptors;
    private final EventLoopGroup sessions;
    private final Class<? extends ServerChannel> serverChannelType;
    private final IoHandlerFactory ioHandlers;

    private NettyTransport(String name, IoHandlerFactory ioHandlers, Class<? extends ServerChannel> serverChannelType) {
        this.name = name;
        this.ioHandlers = ioHandlers;
        this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("mta-accept"), ioHandlers);
        this.sessions = new MultiThreadIoEventLoopGroup(0, new DefaultThreadFactory("mta-io"), ioHandlers);
        this.serverChannelType = serverChannelType;
    }

    /** Starts the event loop threads of the best transport this machine has. */
    static NettyTransport start() {
        if (Epoll.isAvailable()) {
            return new NettyTransport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
        }
        log.debug("epoll is not available, using NIO: {}", Epoll.unavailabilityCause().toString());
        return new NettyTransport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
    }

    /**
     * The Unix domain server channel for the local submission socket: epoll's, which reads the peer's
     * credentials; empty with NIO, whose domain sockets cannot tell who connected.
     */
    Optional<Class<? extends ServerChannel>> domainSocketChannelType() {
        return serverChannelType == EpollServerSocketChannel.class
                ? Optional.of(EpollServerDomainSocketChannel.class) : Optional.empty();
    }

    /**
     * A group of its own for outbound connections (delivery), on the same transport as the listeners; its owner
     * shuts it down.
     */
    EventLoopGroup newClientGroup(String threadName, int threads) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(threadName), ioHandlers);
    }

    /** The client socket channel of this transport, for {@link #newClientGroup}. */
    Class<? extends SocketChannel> socketChannelType() {
        return serverChannelType == EpollServerSocketChannel.class ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    /** "epoll" or "nio". */
    String name() {
        return name;
    }

    SmtpServerEventLoops eventLoops() {
        return new SmtpServerEventLoops(acceptors, sessions, serverChannelType);
    }

    /** Lets queued tasks finish, ends the threads, and waits for them (bounded). */
    void shutdownGracefully() {
        Future<?> acceptorsDone = acceptors.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS,
                TimeUnit.MILLISECONDS);
        Future<?> sessionsDone = sessions.shutdownGracefully(QUIET_PERIOD_MILLIS, SHUTDOWN_TIMEOUT_MILLIS,
                TimeUnit.MILLISECONDS);
        acceptorsDone.awaitUninterruptibly();
        sessionsDone.awaitUninterruptibly();
    }
}
