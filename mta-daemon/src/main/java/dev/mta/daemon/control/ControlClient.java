package dev.mta.daemon.control;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.net.ConnectException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue commands' side of the control socket: one request, the answer copied to an output stream. Whatever
 * the daemon sends is printed with control bytes made visible, in case something on the daemon's side let one
 * through: the terminal never receives an escape sequence from the socket.
 */
public final class ControlClient {

    private static final int MAX_STATUS_LINE = 64 * 1024;

    private final Path socket;

    public ControlClient(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    /**
     * Sends {@code request} and copies the output to {@code out}.
     *
     * @return empty when the daemon answered ok, else its error reason
     * @throws DaemonNotRunningException when nothing answers on the socket
     * @throws IOException               when the exchange fails midway
     */
    public Optional<String> send(ControlRequest request, Writer out) throws IOException {
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (ConnectException | NoSuchFileException e) {
            throw new DaemonNotRunningException("the mta daemon is not running (nothing answers on " + socket + ")",
                    e);
        } catch (java.net.SocketException e) {
            // connect(2) on a path that does not exist reports ENOENT as a SocketException on some JDKs.
            if (!java.nio.file.Files.exists(socket)) {
                throw new DaemonNotRunningException("the mta daemon is not running (no " + socket + ")", e);
            }
            throw e;
        }
        try (channel) {
            ByteBuffer line = ByteBuffer.wrap(request.line().getBytes(StandardCharsets.US_ASCII));
            while (line.hasRemaining()) {
                channel.write(line);
            }
            channel.shutdownOutput();
            InputStream in = Channels.newInputStream(channel);
            String status = statusLine(in);
            if (status.equals("ok")) {
                copyVisible(in, out);
                return Optional.empty();
            }
            if (status.startsWith("error ")) {
                return Optional.of(visible(status.substring("error ".length())));
            }
            throw new IOException("unexpected answer from the daemon: " + visible(status));
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (line.size() >= MAX_STATUS_LINE) {
                throw new IOException("the daemon's answer has no status line");
            }
            line.write(b);
        }
        if (b < 0) {
            throw new IOException("the daemon closed the connection without an answer");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    /** Copies the output, writing every control character but LF and TAB as {@code \xNN}. */
    private static void copyVisible(InputStream in, Writer out) throws IOException {
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        char[] buf = new char[16 * 1024];
        StringBuilder chunk = new StringBuilder(buf.length + 64);
        int n;
        while ((n = reader.read(buf)) >= 0) {
            chunk.setLength(0);
            for (int i = 0; i < n; i++) {
                char c = buf[i];
                if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                    chunk.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
                } else {
                    chunk.append(c);
                }
            }
            out.write(chunk.toString());
        }
        out.flush();
    }

    /** Control characters as {@code \xNN}; the rest (escapes the daemon wrote included) as it is. */
    private static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
