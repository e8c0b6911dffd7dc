package dev.mta.daemon.systemd;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDomainDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainDatagramPacket;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * What systemd does with NOTIFY_SOCKET, for tests: a real Unix datagram socket, bound to a path or an abstract
 * name, that keeps every datagram it receives as text.
 */
public final class NotifySocketReceiver implements AutoCloseable {

    /** A guard against a hang, never a measurement: the datagrams are due at once. */
    static final Duration GUARD = Duration.ofSeconds(30);

    private final EventLoopGroup group;
    private final Channel channel;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    private NotifySocketReceiver(String socketName) {
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("notify-receiver", true),
                EpollIoHandler.newFactory());
        channel = new Bootstrap().group(group).channel(EpollDomainDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DomainDatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DomainDatagramPacket packet) {
                        received.add(packet.content().toString(StandardCharsets.UTF_8));
                    }
                })
                .bind(new DomainSocketAddress(socketName)).syncUninterruptibly().channel();
    }

    /** Binds a socket at a file system path. */
    public static NotifySocketReceiver atPath(String path) {
        return new NotifySocketReceiver(path);
    }

    /** Binds a socket in the abstract namespace; NOTIFY_SOCKET then reads {@code @name}. */
    public static NotifySocketReceiver abstractNamed(String name) {
        return new NotifySocketReceiver("\0" + name);
    }

    /** The next datagram; fails if none comes before the guard. */
    public String next() throws InterruptedException {
        String message = received.poll(GUARD.toMillis(), TimeUnit.MILLISECONDS);
        if (message == null) {
            throw new AssertionError("no datagram within " + GUARD);
        }
        return message;
    }

    /** Skips datagrams until one matches (watchdog pings may come in between). */
    public String next(Predicate<String> wanted) throws InterruptedException {
        while (true) {
            String message = next();
            if (wanted.test(message)) {
                return message;
            }
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
