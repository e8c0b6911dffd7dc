package dev.mta.smtpd.session;

import dev.mta.smtpd.ListenerRole;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * What is known about the client, replaced as a whole when something changes, so a check sees one consistent
 * view.
 *
 * @param peer              the client's address
 * @param role              the listener the client connected to
 * @param relayClient       whether the client is in a relay network (may relay, locally originated mail)
 * @param helo              the EHLO or HELO name, once given
 * @param esmtp             whether the client greeted with EHLO (extensions may be used)
 * @param tlsProtocol       the TLS protocol once the handshake is done, e.g. {@code TLSv1.3}
 * @param tlsCipher         the negotiated cipher suite
 * @param authenticatedUser the user after a successful AUTH
 * @param localPeer         the local user on the other end of the submission socket; empty on TCP listeners
 */
public record SessionFacts(InetSocketAddress peer, ListenerRole role, boolean relayClient, Optional<String> helo,
                           boolean esmtp, Optional<String> tlsProtocol, Optional<String> tlsCipher,
                           Optional<String> authenticatedUser, Optional<LocalPeer> localPeer) {

    public SessionFacts {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(tlsProtocol, "tlsProtocol");
        Objects.requireNonNull(tlsCipher, "tlsCipher");
        Objects.requireNonNull(authenticatedUser, "authenticatedUser");
        Objects.requireNonNull(localPeer, "localPeer");
    }

    /** A new connection: nothing said yet. */
    public static SessionFacts connected(InetSocketAddress peer, ListenerRole role, boolean relayClient) {
        return new SessionFacts(peer, role, relayClient, Optional.empty(), false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /**
     * A new connection on the local submission socket: its mail is locally originated, like a relay network's
     * (DESIGN.md, "Domains, users, addresses"). There is no IP address; {@link #ip()} says {@code local}.
     */
    public static SessionFacts connectedLocally(LocalPeer localPeer) {
        return new SessionFacts(InetSocketAddress.createUnresolved("local", 0), ListenerRole.LOCAL, true,
                Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(localPeer));
    }

    public SessionFacts withHelo(String name, boolean extended) {
        return new SessionFacts(peer, role, relayClient, Optional.of(name), extended, tlsProtocol, tlsCipher,
                authenticatedUser, localPeer);
    }

    /** After the TLS handshake: RFC 3207 section 4.2, the client must greet again, so the name is forgotten. */
    public SessionFacts withTls(String protocol, String cipher) {
        return new SessionFacts(peer, role, relayClient, Optional.empty(), false, Optional.of(protocol),
                Optional.of(cipher), Optional.empty(), localPeer);
    }

    /** After a successful AUTH: the user's login, as the users file writes it. */
    public SessionFacts withUser(String login) {
        return new SessionFacts(peer, role, relayClient, helo, esmtp, tlsProtocol, tlsCipher, Optional.of(login),
                localPeer);
    }

    /** Whether the mail of this session counts as locally originated: a relay network or an authenticated user. */
    public boolean locallyOriginated() {
        return relayClient || authenticatedUser.isPresent();
    }

    public boolean tls() {
        return tlsProtocol.isPresent();
    }

    /** The client's IP address as text, without Java's host-name slash. */
    public String ip() {
        return peer.getAddress() == null ? peer.getHostString() : peer.getAddress().getHostAddress();
    }

    /** Whether the client may send to any domain: a relay network or an authenticated user. */
    public boolean mayRelay() {
        return relayClient || authenticatedUser.isPresent();
    }
}
