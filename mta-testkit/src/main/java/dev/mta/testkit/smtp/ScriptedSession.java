package dev.mta.testkit.smtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** One connection of {@link ScriptedSmtpServer}: reads commands, answers from the script or by default. */
final class ScriptedSession {

    private final ScriptedSmtpServer server;
    private final int number;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private boolean tls;
    private boolean authenticated;
    private String mail;
    private final List<String> rcpts = new ArrayList<>();
    private int accepted;
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();

    ScriptedSession(ScriptedSmtpServer server, Socket socket, int number) {
        this.server = server;
        this.socket = socket;
        this.number = number;
    }

    void run() {
        try (Socket ignored = socket) {
            in = new BufferedInputStream(socket.getInputStream());
            out = socket.getOutputStream();
            if (!answer(Verb.GREETING, "220 scripted.test ESMTP")) {
                return;
            }
            String line;
            while ((line = readLine()) != null) {
                server.received(line);
                if (!command(line)) {
                    return;
                }
            }
        } catch (IOException e) {
            // The client went away, or TLS failed: the session ends, as a real server's would.
        } finally {
            closeQuietly();
        }
    }

    /** Handles one command; false when the session is over. */
    private boolean command(String line) throws IOException {
        String upper = line.toUpperCase(Locale.ROOT);
        String verb = upper.split(" ", 2)[0];
        switch (verb) {
            case "EHLO":
                return answer(Verb.EHLO, ehloReply());
            case "HELO":
                return answer(Verb.HELO, "250 scripted.test");
            case "STARTTLS":
                return startTls();
            case "AUTH":
                return auth(line);
            case "MAIL":
                if (server.login().isPresent() && !authenticated) {
                    return answer(Verb.MAIL, "530 5.7.0 Authentication required");
                }
                rcpts.clear();
                accepted = 0;
                chunks.reset();
                mail = null;
                ScriptedResponse mailReply = server.scripted(Verb.MAIL)
                        .orElse(ScriptedResponse.reply("250 2.1.0 Ok"));
                if (positive(mailReply)) {
                    mail = line;
                }
                return perform(mailReply);
            case "RCPT":
                rcpts.add(line);
                ScriptedResponse rcptReply = server.scripted(Verb.RCPT)
                        .orElse(ScriptedResponse.reply("250 2.1.5 Ok"));
                if (positive(rcptReply)) {
                    accepted++;
                }
                return perform(rcptReply);
            case "DATA":
                return data();
            case "BDAT":
                return bdat(upper);
            case "RSET":
                mail = null;
                accepted = 0;
                rcpts.clear();
                chunks.reset();
                return answer(Verb.RSET, "250 2.0.0 Ok");
            case "NOOP":
                return answer(Verb.NOOP, "250 2.0.0 Ok");
            case "QUIT":
                answer(Verb.QUIT, "221 2.0.0 Bye");
                return false;
            default:
                write("500 5.5.1 Command unrecognized\r\n".getBytes(StandardCharsets.US_ASCII));
                return true;
        }
    }

    private String ehloReply() {
        List<String> lines = new ArrayList<>();
        lines.add("scripted.test");
        if (server.tls().isPresent() && !tls) {
            lines.add("STARTTLS");
        }
        if (server.login().isPresent()) {
            lines.add("AUTH PLAIN LOGIN");
        }
        lines.addAll(server.extensionsOffered());
        StringBuilder reply = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            reply.append(i == lines.size() - 1 ? "250 " : "250-").append(lines.get(i));
            if (i < lines.size() - 1) {
                reply.append("\r\n");
            }
        }
        return reply.toString();
    }

    private boolean startTls() throws IOException {
        Optional<SSLContext> context = server.tls();
        ScriptedResponse response = server.scripted(Verb.STARTTLS)
                .orElse(ScriptedResponse.reply(context.isPresent() ? "220 2.0.0 Ready to start TLS"
                        : "502 5.5.1 STARTTLS not offered"));
        if (!perform(response)) {
            return false;
        }
        if (context.isEmpty() || !(response instanceof ScriptedResponse.Send send) || !send.hasCode(220)) {
            return true;
        }
        SSLSocket secured = (SSLSocket) context.get().getSocketFactory()
                .createSocket(socket, socket.getInetAddress().getHostAddress(), socket.getPort(), true);
        secured.setUseClientMode(false);
        secured.setEnabledProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        server.register(secured);
        secured.startHandshake();
        socket = secured;
        in = new BufferedInputStream(secured.getInputStream());
        out = secured.getOutputStream();
        tls = true;
        authenticated = false;
        mail = null;
        rcpts.clear();
        return true;
    }

    private boolean auth(String line) throws IOException {
        String[] words = line.split(" ");
        Optional<ScriptedResponse> scripted = server.scripted(Verb.AUTH);
        if (scripted.isPresent()) {
            return perform(scripted.get());
        }
        Optional<String[]> login = server.login();
        if (login.isEmpty() || words.length < 2) {
            return reply("503 5.5.1 AUTH not offered");
        }
        String user;
        String password;
        if (words[1].equalsIgnoreCase("PLAIN") && words.length == 3) {
            String[] parts = decode(words[2]).split("\0", -1);
            if (parts.length != 3) {
                return reply("501 5.5.2 Bad PLAIN response");
            }
            user = parts[1];
            password = parts[2];
        } else if (words[1].equalsIgnoreCase("LOGIN")) {
            reply("334 VXNlcm5hbWU6");
            user = decode(nextLine());
            reply("334 UGFzc3dvcmQ6");
            password = decode(nextLine());
        } else {
            return reply("504 5.5.4 Mechanism not supported");
        }
        authenticated = user.equals(login.get()[0]) && password.equals(login.get()[1]);
        return reply(authenticated ? "235 2.7.0 Authentication successful" : "535 5.7.8 Authentication failed");
    }

    private String nextLine() throws IOException {
        String line = readLine();
        if (line == null) {
            throw new IOException("client went away during AUTH");
        }
        server.received(line);
        return line;
    }

    private static String decode(String base64) {
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private boolean data() throws IOException {
        // Like a real server: no 354 without a sender and a recipient (RFC 5321 section 3.3; RFC 2920 section 3.1).
        String defaultReply = mail == null ? "503 5.5.1 Need MAIL and RCPT first"
                : accepted == 0 ? "554 5.5.1 No valid recipients" : "354 End data with <CR><LF>.<CR><LF>";
        ScriptedResponse response = server.scripted(Verb.DATA).orElse(ScriptedResponse.reply(defaultReply));
        if (!perform(response)) {
            return false;
        }
        if (!(response instanceof ScriptedResponse.Send send) || !send.hasCode(354)) {
            return true;
        }
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readRawLine();
            if (line == null) {
                return false;
            }
            if (line.length == 3 && line[0] == '.' && line[1] == '\r' && line[2] == '\n') {
                break;
            }
            wire.writeBytes(line);
            int skip = line.length > 0 && line[0] == '.' ? 1 : 0;
            content.write(line, skip, line.length - skip);
        }
        server.received(new RecordedTransaction(number, tls, String.valueOf(mail), rcpts, wire.toByteArray(),
                content.toByteArray()));
        return answer(Verb.DATA_END, "250 2.0.0 Ok: queued");
    }

    private boolean bdat(String upper) throws IOException {
        String[] words = upper.split(" ");
        long size;
        try {
            size = Long.parseLong(words[1]);
        } catch (RuntimeException e) {
            return reply("501 5.5.4 Bad BDAT size");
        }
        byte[] chunk = in.readNBytes((int) size);
        if (chunk.length < size) {
            return false;
        }
        chunks.writeBytes(chunk);
        if (words.length > 2 && words[2].equals("LAST")) {
            byte[] all = chunks.toByteArray();
            chunks.reset();
            server.received(new RecordedTransaction(number, tls, String.valueOf(mail), rcpts, all, all));
            return answer(Verb.DATA_END, "250 2.0.0 Ok: queued");
        }
        return answer(Verb.BDAT, "250 2.0.0 " + size + " octets received");
    }

    /** The scripted response for {@code verb}, or the default reply; false when the session is over. */
    private boolean answer(Verb verb, String defaultReply) throws IOException {
        return perform(server.scripted(verb).orElse(ScriptedResponse.reply(defaultReply)));
    }

    private static boolean positive(ScriptedResponse response) {
        return response instanceof ScriptedResponse.Send send && send.startsWith('2');
    }

    private boolean reply(String line) throws IOException {
        return perform(ScriptedResponse.reply(line));
    }

    private boolean perform(ScriptedResponse response) throws IOException {
        if (response instanceof ScriptedResponse.Send send) {
            write(send.octets());
            return true;
        }
        if (response instanceof ScriptedResponse.Silence) {
            // Read and drop until the client gives up and closes.
            while (in.read() >= 0) {
                continue;
            }
        }
        return false;
    }

    private void write(byte[] octets) throws IOException {
        out.write(octets);
        out.flush();
    }

    /** A command line without its line end (CRLF, or a bare LF as sent); null at the end of the stream. */
    private String readLine() throws IOException {
        byte[] raw = readRawLine();
        if (raw == null) {
            return null;
        }
        int length = raw.length;
        if (length > 0 && raw[length - 1] == '\n') {
            length--;
        }
        if (length > 0 && raw[length - 1] == '\r') {
            length--;
        }
        return new String(raw, 0, length, StandardCharsets.UTF_8);
    }

    /** Octets up to and including the next LF; null at the end of the stream. */
    private byte[] readRawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return line.size() == 0 ? null : line.toByteArray();
    }

    private void closeQuietly() {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort; the test server is going away anyway.
        }
    }
}
