package dev.mta.daemon;

import dev.mta.smtpd.LocalPeerResolver;
import dev.mta.smtpd.session.LocalPeer;
import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Names the peer of a local socket connection from the kernel's {@code SO_PEERCRED}, which the connecting process
 * cannot forge: the uid is read on the event loop (one getsockopt), the name is looked up on {@code lookups}.
 */
final class EpollPeerResolver implements LocalPeerResolver {

    private final PasswdUserNames users;
    private final Executor lookups;

    EpollPeerResolver(PasswdUserNames users, Executor lookups) {
        this.users = users;
        this.lookups = lookups;
    }

    @Override
    public CompletionStage<LocalPeer> resolve(Channel channel) {
        if (!(channel instanceof EpollDomainSocketChannel domain)) {
            return CompletableFuture.failedFuture(new IOException("not an epoll domain socket: " + channel));
        }
        PeerCredentials credentials;
        try {
            credentials = domain.peerCredentials();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        // uid_t is unsigned; Netty hands it over as an int.
        long uid = Integer.toUnsignedLong(credentials.uid());
        try {
            return CompletableFuture.supplyAsync(() -> new LocalPeer(uid, users.nameOf(uid)), lookups);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
