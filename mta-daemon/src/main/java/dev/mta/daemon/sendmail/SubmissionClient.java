package dev.mta.daemon.sendmail;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The SMTP client side of the local submission socket: plain blocking I/O on a JDK Unix domain socket, one
 * command at a time. Each wait for a reply has a deadline; when it passes the socket is closed and the wait ends
 * with {@link SysExit#TEMPFAIL}, so a hung daemon cannot hang cron or a web request forever.
 */
final class SubmissionClient implements AutoCloseable {

    /** A reply line longer than this is not SMTP (RFC 5321 section 4.5.3.1.5 allows 512 octets). */
    private static final int MAX_REPLY_LINE = 4096;
    /** More reply lines than this is not an SMTP reply either. */
    private static final int MAX_REPLY_LINES = 100;

    private final Path socket;
    private final SocketChannel channel;
    private final InputStream in;
    private final OutputStream out;
    private final Duration timeout;
    private final ScheduledExecutorService watchdog;

    private SubmissionClient(Path socket, SocketChannel channel, Duration timeout) {
        this.socket = socket;
        this.channel = channel;
        this.in = Channels.newInputStream(channel);
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        this.timeout = timeout;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sendmail-timeout");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects; a missing socket or one nobody listens on means the daemon is not running.
     *
     * @throws SendmailException {@link SysExit#TEMPFAIL} naming the socket
     */
    static SubmissionClient connect(Path socket, Duration timeout) throws SendmailException {
        SocketChannel channel = null;
        try {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            channel.connect(UnixDomainSocketAddress.of(socket));
            return new SubmissionClient(socket, channel, timeout);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SendmailException(SysExit.TEMPFAIL, "cannot reach the mta daemon at " + socket + " ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                    + "); is it running? (systemctl status mta) The message was not sent.", e);
        }
    }

    /** Sends one command line (without its CRLF) and returns the reply. */
    SmtpReply command(String line) throws SendmailException {
        try {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw broken(e);
        }
        return reply();
    }

    /** The stream to write the data to between the 354 and {@link #endData()}. */
    OutputStream data() {
        return out;
    }

    /** Flushes the data (which ends with the dot line) and returns the reply to it. */
    SmtpReply endData() throws SendmailException {
        try {
            out.flush();
        } catch (IOException e) {
            throw broken(e);
        }
        return reply();
    }

    /** Reads one reply, single or multi-line, within the deadline. */
    SmtpReply reply() throws SendmailException {
        ScheduledFuture<?> deadline = watchdog.schedule(() -> closeQuietly(channel), timeout.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            List<String> lines = new ArrayList<>();
            int code = -1;
            while (true) {
                String line = readLine();
                if (line.length() < 3 || !isCode(line) || (line.length() > 3 && line.charAt(3) != ' '
                        && line.charAt(3) != '-')) {
                    throw new SendmailException(SysExit.PROTOCOL, "the daemon's answer is not SMTP: " + line);
                }
                int lineCode = Integer.parseInt(line.substring(0, 3));
                if (code >= 0 && lineCode != code) {
                    throw new SendmailException(SysExit.PROTOCOL, "a reply changed its code: " + line);
                }
                code = lineCode;
                lines.add(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    return new SmtpReply(code, lines);
                }
                if (lines.size() > MAX_REPLY_LINES) {
                    throw new SendmailException(SysExit.PROTOCOL, "a reply of more than " + MAX_REPLY_LINES
                            + " lines");
                }
            }
        } catch (AsynchronousCloseException e) {
            throw new SendmailException(SysExit.TEMPFAIL, "the mta daemon did not answer within " + timeout
                    .toSeconds() + " s; the message was not sent", e);
        } catch (IOException e) {
            throw broken(e);
        } finally {
            deadline.cancel(false);
        }
    }

    private String readLine() throws IOException, SendmailException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new SendmailException(SysExit.TEMPFAIL, "the mta daemon closed the connection on " + socket
                        + "; the message was not sent");
            }
            if (b == '\n' && previous == '\r') {
                byte[] bytes = line.toByteArray();
                return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
            }
            if (line.size() >= MAX_REPLY_LINE) {
                throw new SendmailException(SysExit.PROTOCOL, "a reply line longer than " + MAX_REPLY_LINE
                        + " octets");
            }
            line.write(b);
            previous = b;
        }
    }

    private static boolean isCode(String line) {
        return line.charAt(0) >= '2' && line.charAt(0) <= '5' && Character.isDigit(line.charAt(1))
                && Character.isDigit(line.charAt(2)) && line.charAt(1) < 0x80 && line.charAt(2) < 0x80;
    }

    private SendmailException broken(IOException e) {
        return new SendmailException(SysExit.TEMPFAIL, "the connection to the mta daemon broke (" + e.getMessage()
                + "); the message was not sent", e);
    }

    /** Closes the connection and ends the deadline thread. */
    @Override
    public void close() {
        watchdog.shutdownNow();
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing is the end anyway; nothing to report.
        }
    }
}
