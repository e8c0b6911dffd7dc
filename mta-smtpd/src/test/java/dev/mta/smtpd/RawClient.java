package dev.mta.smtpd;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;

/** A plain socket client that sends octets as given and reads replies whole (multi-line ones too). */
public final class RawClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;

    public RawClient(InetSocketAddress address) throws IOException {
        socket = new Socket();
        socket.connect(address, 10_000);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
    }

    /** Connects and does the TLS handshake at once, as on a submissions listener (RFC 8314). */
    public static RawClient implicitTls(InetSocketAddress address) throws IOException {
        RawClient client = new RawClient(address);
        client.handshake();
        return client;
    }

    /** Connects and does the TLS handshake at once, asking for a server name by SNI (RFC 6066 section 3). */
    public static RawClient implicitTls(InetSocketAddress address, String serverName) throws IOException {
        RawClient client = new RawClient(address);
        client.handshake(serverName);
        return client;
    }

    /** Starts TLS on the connection (after the server's 220 to STARTTLS), trusting the test's own certificate. */
    public void handshake() throws IOException {
        handshake(null);
    }

    /** As {@link #handshake()}, asking for {@code serverName} by SNI when it is not null. */
    public void handshake(String serverName) throws IOException {
        try {
            SSLContext trustAll = SSLContext.getInstance("TLS");
            trustAll.init(null, new TrustManager[]{new TrustAll()}, new SecureRandom());
            SSLSocket tls = (SSLSocket) trustAll.getSocketFactory().createSocket(socket,
                    socket.getInetAddress().getHostAddress(), socket.getPort(), true);
            if (serverName != null) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(serverName)));
                tls.setSSLParameters(parameters);
            }
            tls.startHandshake();
            socket = tls;
            in = tls.getInputStream();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** The certificate the server showed in the TLS handshake. */
    public X509Certificate peerCertificate() throws IOException {
        return (X509Certificate) ((SSLSocket) socket).getSession().getPeerCertificates()[0];
    }

    public void send(byte[] octets) throws IOException {
        socket.getOutputStream().write(octets);
        socket.getOutputStream().flush();
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One line with its CRLF, or null at the end of the stream. */
    public String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    /** A whole reply (continuation lines included), or null at the end of the stream. */
    public String reply() throws IOException {
        StringBuilder reply = new StringBuilder();
        for (String line = line(); line != null; line = line()) {
            reply.append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return reply.toString();
            }
        }
        return reply.length() == 0 ? null : reply.toString();
    }

    /** Whether the server closed the connection (nothing more arrives). */
    public boolean closedByServer() throws IOException {
        return in.read() == -1;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** The test's own self-signed certificate: trust is not what these tests are about. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // trusted: a test certificate
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // trusted: a test certificate
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
