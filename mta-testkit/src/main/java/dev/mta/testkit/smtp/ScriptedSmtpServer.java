package dev.mta.testkit.smtp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A real SMTP server on {@code 127.0.0.1}, port 0, for testing SMTP clients, in the manner of OkHttp's
 * MockWebServer: by default it accepts everything and records what it received; a test can script the answer to
 * the next occurrences of a command, choose the extensions it offers, offer STARTTLS with a certificate made at
 * test time, and require AUTH.
 *
 * <pre>{@code
 * try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
 *     server.script(Verb.RCPT, ScriptedResponse.reply("550 5.1.1 No such user"));
 *     ...client sends to server.address()...
 *     RecordedTransaction tx = server.takeTransaction(Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Plain blocking sockets, one thread per connection: this is a test double, small and obvious, not a model for
 * production code. Defaults: greeting {@code 220 scripted.test ESMTP}; EHLO offers PIPELINING, 8BITMIME,
 * ENHANCEDSTATUSCODES (plus STARTTLS before TLS when enabled, and AUTH PLAIN LOGIN when required); MAIL, RCPT,
 * RSET, NOOP 250; DATA 354; end of data {@code 250 2.0.0 Ok: queued}; QUIT 221 and close; anything else 500.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /** The default extensions (EHLO keywords after the first line). */
    public static final List<String> DEFAULT_EXTENSIONS = List.of("PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES");

    private final ServerSocket listener;
    private final Thread acceptor;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final Map<Verb, ConcurrentLinkedQueue<ScriptedResponse>> scripts = new ConcurrentHashMap<>();
    private final BlockingQueue<String> commandQueue = new LinkedBlockingQueue<>();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RecordedTransaction> transactions = new LinkedBlockingQueue<>();
    private volatile List<String> extensions = DEFAULT_EXTENSIONS;
    private volatile SSLContext tls;
    private volatile String[] login;

    private ScriptedSmtpServer(InetSocketAddress bind) throws IOException {
        listener = new ServerSocket();
        try {
            listener.bind(bind, 50);
        } catch (IOException | RuntimeException e) {
            listener.close();
            throw e;
        }
        acceptor = new Thread(this::acceptLoop, "scripted-smtp-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
    }

    /** A new server, listening on {@code 127.0.0.1}, port 0. */
    public static ScriptedSmtpServer start() {
        try {
            return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1", e);
        }
    }

    /**
     * A new server, listening on {@code bind}: for an end-to-end test whose client finds the server through MX
     * records and so connects to port 25 (binding it needs root).
     *
     * @throws IOException when the address cannot be bound (in use, or a privileged port without root)
     */
    public static ScriptedSmtpServer start(InetSocketAddress bind) throws IOException {
        ScriptedSmtpServer server = new ScriptedSmtpServer(bind);
        server.acceptor.start();
        return server;
    }

    /** Where to connect. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** The EHLO keywords offered from now on, instead of {@link #DEFAULT_EXTENSIONS}; e.g. {@code "SIZE 1000"}. */
    public ScriptedSmtpServer extensions(String... keywords) {
        this.extensions = List.of(keywords);
        return this;
    }

    /** Offers STARTTLS (RFC 3207) before TLS, serving {@code certificate}. */
    public ScriptedSmtpServer startTls(TestCertificate certificate) {
        this.tls = certificate.serverContext();
        return this;
    }

    /** Offers AUTH PLAIN LOGIN and refuses MAIL with 530 until this login succeeded. */
    public ScriptedSmtpServer requireAuth(String username, String password) {
        this.login = new String[] {username, password};
        return this;
    }

    /** Answers the next occurrences of {@code verb} with {@code responses}, one each, then the default again. */
    public ScriptedSmtpServer script(Verb verb, ScriptedResponse... responses) {
        ConcurrentLinkedQueue<ScriptedResponse> queue = scripts.computeIfAbsent(verb, v -> new ConcurrentLinkedQueue<>());
        queue.addAll(List.of(responses));
        return this;
    }

    /** The next command line received, without CRLF, in arrival order over all connections. */
    public String takeCommand(Duration timeout) throws InterruptedException {
        String command = commandQueue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (command == null) {
            throw new AssertionError("no command received within " + timeout);
        }
        return command;
    }

    /** Every command line received so far, in order. */
    public List<String> commands() {
        return new ArrayList<>(commands);
    }

    /** The next transaction that reached the end of its data. */
    public RecordedTransaction takeTransaction(Duration timeout) throws InterruptedException {
        RecordedTransaction transaction = transactions.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
        if (transaction == null) {
            throw new AssertionError("no transaction received within " + timeout);
        }
        return transaction;
    }

    /** A transaction already received, if there is one; for checking that none was. */
    public Optional<RecordedTransaction> pollTransaction() {
        return Optional.ofNullable(transactions.poll());
    }

    /** How many connections were accepted so far. */
    public int connectionCount() {
        return connections.get();
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Closing a listening socket only fails if it is already closed.
        }
        for (Socket socket : sockets) {
            try {
                socket.close();
            } catch (IOException e) {
                // Same: nothing to do about a socket that will not close.
            }
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5));
            for (Thread thread : threads) {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(socket);
            int number = connections.incrementAndGet();
            ScriptedSession session = new ScriptedSession(this, socket, number);
            Thread thread = new Thread(session::run, "scripted-smtp-" + listener.getLocalPort() + "-" + number);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    // ---- for the sessions --------------------------------------------------------------------------------

    Optional<ScriptedResponse> scripted(Verb verb) {
        ConcurrentLinkedQueue<ScriptedResponse> queue = scripts.get(verb);
        return queue == null ? Optional.empty() : Optional.ofNullable(queue.poll());
    }

    void received(String command) {
        commands.add(command);
        commandQueue.add(command);
    }

    void received(RecordedTransaction transaction) {
        transactions.add(transaction);
    }

    void register(Socket socket) {
        sockets.add(Objects.requireNonNull(socket));
    }

    List<String> extensionsOffered() {
        return extensions;
    }

    Optional<SSLContext> tls() {
        return Optional.ofNullable(tls);
    }

    Optional<String[]> login() {
        return Optional.ofNullable(login);
    }
}
