package dev.mta.daemon.control;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The daemon's control socket (DESIGN.md "Local sockets"): a Unix domain stream socket, mode 0600, accepted on a
 * thread of its own and answered by a small pool of workers, so no request ever runs on a Netty event loop and a
 * slow listing does not stop a hold.
 *
 * <p>{@link #bind} makes sure the path is ours: a socket file nobody answers on is a leftover of a crash and is
 * removed; one that answers belongs to another daemon, and binding fails. The socket is bound under a temporary
 * name, set to 0600 and only then renamed into place, so there is no moment in which another local user could
 * connect. {@link #close} removes it.
 *
 * <p>Per connection: one request line within {@link #requestTimeout}, at most {@link ControlRequest#MAX_LENGTH}
 * bytes, then the answer within {@link #answerTimeout}; a connection past its deadline is closed, which ends any
 * read or write blocked on it.
 */
public final class ControlSocket implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);

    /** A person types the command; a client that has not sent its line in this time is stuck or hostile. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Listing a large queue reads every record; beyond this a client that does not read is cut off. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(10);
    private static final int WORKERS = 2;
    private static final int WAITING = 16;

    private final Path path;
    private final ServerSocketChannel server;
    private final Duration requestTimeout;
    private final Duration answerTimeout;
    private final ThreadPoolExecutor workers;
    private final ScheduledExecutorService deadlines;
    private Thread acceptor;
    private volatile boolean closed;

    private ControlSocket(Path path, ServerSocketChannel server, Duration requestTimeout, Duration answerTimeout) {
        this.path = path;
        this.server = server;
        this.requestTimeout = requestTimeout;
        this.answerTimeout = answerTimeout;
        AtomicInteger n = new AtomicInteger();
        this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(WAITING), r -> daemonThread(r, "mta-control-" + n.incrementAndGet()));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> daemonThread(r, "mta-control-deadlines"));
    }

    /** Binds {@code path} with the default timeouts. */
    public static ControlSocket bind(Path path) throws IOException {
        return bind(path, REQUEST_TIMEOUT, ANSWER_TIMEOUT);
    }

    /**
     * Binds {@code path}, creating its directory (mode 0700) if missing; does not accept yet ({@link #serve}).
     *
     * @throws ControlSocketInUseException when something answers on {@code path}
     * @throws IOException                 when {@code path} exists and is not a socket, or cannot be bound
     */
    public static ControlSocket bind(Path path, Duration requestTimeout, Duration answerTimeout) throws IOException {
        Path absolute = path.toAbsolutePath();
        Path directory = absolute.getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        removeIfStale(absolute);
        Path temporary = directory.resolve("." + absolute.getFileName() + "." + ProcessHandle.current().pid());
        Files.deleteIfExists(temporary);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(temporary));
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            // link(2), not rename(2): a link keeps the bound inode (clients reach this socket, already 0600) and,
            // unlike a rename, fails when the name is taken, so of two daemons starting at once on one spool only
            // one gets the socket and the other stops.
            try {
                Files.createLink(absolute, temporary);
            } catch (FileAlreadyExistsException taken) {
                throw new ControlSocketInUseException("another process took the control socket " + absolute
                        + " while this one started (is an mta daemon already running with this configuration?)");
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException | RuntimeException e) {
            server.close();
            Files.deleteIfExists(temporary);
            throw e;
        }
        return new ControlSocket(absolute, server, requestTimeout, answerTimeout);
    }

    private static void removeIfStale(Path path) throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException absent) {
            return;
        }
        if (!attrs.isOther()) {
            throw new IOException(path + " exists and is not a socket; remove it or choose another control.socket");
        }
        SocketChannel probe;
        try {
            probe = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (ConnectException nobody) {
            // ECONNREFUSED: a socket file left by a daemon that did not stop cleanly.
            LOG.info("removing stale control socket {}", path);
            Files.delete(path);
            return;
        }
        probe.close();
        throw new ControlSocketInUseException("another process answers on the control socket " + path
                + " (is an mta daemon already running with this configuration?)");
    }

    /** Where the socket is. */
    public Path path() {
        return path;
    }

    /** Starts accepting; every request goes to {@code handler}. */
    public synchronized void serve(ControlHandler handler) {
        Objects.requireNonNull(handler, "handler");
        if (acceptor != null) {
            throw new IllegalStateException("already serving");
        }
        acceptor = daemonThread(() -> acceptLoop(handler), "mta-control-accept");
        acceptor.start();
        LOG.info("control socket {}", path);
    }

    private void acceptLoop(ControlHandler handler) {
        while (!closed) {
            SocketChannel connection;
            try {
                connection = server.accept();
            } catch (ClosedChannelException stopped) {
                return;
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("control socket: accept failed: {}", e.toString());
                }
                return;
            }
            try {
                workers.execute(() -> answer(connection, handler));
            } catch (RejectedExecutionException busy) {
                closeQuietly(connection);
            }
        }
    }

    private void answer(SocketChannel connection, ControlHandler handler) {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(connection), requestTimeout.toNanos(),
                TimeUnit.NANOSECONDS);
        try (connection) {
            OutputStream out = Channels.newOutputStream(connection);
            ControlAnswer answer = new ControlAnswer(out);
            String line;
            try {
                line = readLine(connection);
            } catch (BadRequest e) {
                answer.error(e.getMessage());
                answer.flush();
                drain(connection);
                return;
            }
            deadline.cancel(false);
            deadline = deadlines.schedule(() -> closeQuietly(connection), answerTimeout.toNanos(),
                    TimeUnit.NANOSECONDS);
            ControlRequest request;
            try {
                request = ControlRequest.parse(line);
            } catch (IllegalArgumentException e) {
                answer.error(e.getMessage());
                answer.flush();
                return;
            }
            try {
                handler.handle(request, answer);
            } catch (RuntimeException e) {
                LOG.error("control request {} failed: {}", request.command().word(), e.toString());
                if (!answer.started()) {
                    answer.error("internal error: " + e);
                }
            }
            answer.flush();
        } catch (IOException e) {
            // The client went away or its deadline passed and the connection was closed: nothing to tell it.
            LOG.debug("control connection ended: {}", e.toString());
        } finally {
            deadline.cancel(false);
        }
    }

    /** The request line without its LF. */
    private static String readLine(SocketChannel connection) throws IOException, BadRequest {
        ByteBuffer buf = ByteBuffer.allocate(ControlRequest.MAX_LENGTH);
        while (true) {
            int from = buf.position();
            if (!buf.hasRemaining()) {
                throw new BadRequest("request longer than " + ControlRequest.MAX_LENGTH + " bytes");
            }
            if (connection.read(buf) < 0) {
                throw new BadRequest("connection closed before the end of the request line");
            }
            for (int i = from; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    // Bytes are checked word by word when parsed; ISO-8859-1 keeps each byte as one char here.
                    return new String(buf.array(), 0, i, StandardCharsets.ISO_8859_1);
                }
            }
        }
    }

    /**
     * After refusing an overlong request: reads and drops what the client still sends (up to a bound, within the
     * request deadline), so that closing does not reset the connection before the client has read the error.
     */
    private static void drain(SocketChannel connection) throws IOException {
        connection.shutdownOutput();
        ByteBuffer sink = ByteBuffer.allocate(8192);
        long left = 1024 * 1024;
        int n;
        while (left > 0 && (n = connection.read(sink.clear())) >= 0) {
            left -= n;
        }
    }

    /** A request that cannot be read as one line. */
    private static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message);
        }
    }

    /** Stops accepting, ends the connections being answered, and removes the socket file. */
    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("cannot remove control socket {}: {}", path, e.toString());
        }
        workers.shutdownNow();
        deadlines.shutdownNow();
        Thread t;
        synchronized (this) {
            t = acceptor;
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing is all that is left to do.
        }
    }

    private static Thread daemonThread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
