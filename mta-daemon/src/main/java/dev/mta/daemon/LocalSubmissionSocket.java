package dev.mta.daemon;

import dev.mta.smtpd.LocalSocket;
import dev.mta.smtpd.SmtpServer;
import io.netty.channel.ServerChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The local submission socket (DESIGN.md, "Local sockets"): the SMTP server's sessions over a Unix domain socket,
 * mode 0666 so every local user (www-data, cron) can hand mail to {@code mta sendmail}; the kernel names each
 * client's user. Offered only with the epoll transport, which can read the peer's credentials.
 *
 * <p>A socket file left by a daemon that was killed is removed at start; one that still answers belongs to a
 * running daemon, and then this one does not start. Owns the one thread that looks user ids up.
 */
final class LocalSubmissionSocket implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalSubmissionSocket.class);

    /** Name lookups waiting beyond this many are refused (the connection is closed): a local flood stays bounded. */
    private static final int LOOKUP_QUEUE = 256;

    private final Path socket;
    private final ThreadPoolExecutor lookups;

    private LocalSubmissionSocket(Path socket, ThreadPoolExecutor lookups) {
        this.socket = socket;
        this.lookups = lookups;
    }

    /**
     * Binds the socket at {@code path} for {@code server}, which has started.
     *
     * @param domainChannel the transport's Unix domain server channel; empty: the socket is not offered (logged)
     * @return the running socket, or empty when not offered
     * @throws StartupException when the socket cannot be bound or its mode set
     */
    static Optional<LocalSubmissionSocket> start(Path path, Optional<Class<? extends ServerChannel>> domainChannel,
                                                 SmtpServer server, PasswdUserNames users) throws StartupException {
        if (domainChannel.isEmpty()) {
            log.warn("submission socket {} not offered: it needs the epoll transport (Linux), which is not"
                    + " available; mta sendmail cannot hand over mail", path);
            return Optional.empty();
        }
        Path socket = path.toAbsolutePath();
        prepare(socket);
        ThreadPoolExecutor lookups = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(LOOKUP_QUEUE), new DefaultThreadFactory("mta-local-users", true));
        try {
            server.startLocal(new LocalSocket(new DomainSocketAddress(socket.toString()), domainChannel.get(),
                    new EpollPeerResolver(users, lookups))).toCompletableFuture().get();
            // Any local user may submit (the Received field names who did); the directory's mode decides who
            // reaches the socket at all.
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
        } catch (ExecutionException e) {
            lookups.shutdownNow();
            throw new StartupException(ExitStatus.FAILED, e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lookups.shutdownNow();
            throw new StartupException(ExitStatus.FAILED, "interrupted while binding " + socket, e);
        } catch (IOException e) {
            lookups.shutdownNow();
            throw new StartupException(ExitStatus.FAILED, "submission socket " + socket + ": cannot set mode 0666: "
                    + e.getMessage(), e);
        }
        log.info("listening on {} (local submission)", socket);
        return Optional.of(new LocalSubmissionSocket(socket, lookups));
    }

    /** Creates the socket's folder if needed and removes a stale socket file; refuses to remove anything else. */
    private static void prepare(Path socket) throws StartupException {
        try {
            Files.createDirectories(socket.getParent());
        } catch (IOException e) {
            throw new StartupException(ExitStatus.FAILED, "submission socket " + socket + ": cannot create "
                    + socket.getParent() + ": " + e, e);
        }
        BasicFileAttributes existing;
        try {
            existing = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return;
        }
        if (!existing.isOther()) {
            throw new StartupException(ExitStatus.USAGE, "submission socket " + socket
                    + " exists and is not a socket; remove it or set submission.socket to another path");
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException e) {
            // Nobody listens: left by a daemon that did not stop cleanly.
            try {
                Files.deleteIfExists(socket);
                return;
            } catch (IOException d) {
                throw new StartupException(ExitStatus.FAILED, "submission socket " + socket
                        + ": cannot remove the stale socket: " + d, d);
            }
        } catch (IOException e) {
            throw new StartupException(ExitStatus.FAILED, "submission socket " + socket + ": " + e, e);
        }
        throw new StartupException(ExitStatus.FAILED, "submission socket " + socket
                + " is served by another process (is mta already running?)");
    }

    /**
     * Ends the lookup thread and removes the socket file; call after the SMTP server's listeners have closed
     * (the socket with them), so {@code mta sendmail} finds no file rather than a socket nobody answers.
     */
    @Override
    public void close() {
        lookups.shutdownNow();
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            log.warn("submission socket {}: cannot remove it: {}", socket, e.toString());
        }
    }
}
