package dev.mta.smtpd;

import dev.mta.smtpd.session.LocalPeer;
import io.netty.channel.Channel;

import java.util.concurrent.CompletionStage;

/**
 * Names the user on the other end of an accepted local socket connection. Called on the connection's event loop:
 * it may read the kernel's credentials there (one {@code getsockopt}), but looking the id up in the user database
 * reads files (or asks NSS), so that part runs elsewhere and completes the stage (DESIGN.md invariant 2).
 */
@FunctionalInterface
public interface LocalPeerResolver {

    /**
     * @param channel a connection accepted on the local socket
     * @return the peer; fails when the kernel gives no credentials (the connection is then closed)
     */
    CompletionStage<LocalPeer> resolve(Channel channel);
}
