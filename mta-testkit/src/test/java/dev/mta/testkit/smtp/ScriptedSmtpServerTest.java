package dev.mta.testkit.smtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scripted server driven by hand over a plain socket, so its own behaviour is pinned down. */
class ScriptedSmtpServerTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /** A line-at-a-time client: writes a command, reads one reply line. */
    private record Dialog(Socket socket, BufferedReader in, OutputStream out) implements AutoCloseable {
        static Dialog open(ScriptedSmtpServer server) throws IOException {
            Socket socket = new Socket(server.address().getAddress(), server.address().getPort());
            return new Dialog(socket, new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)), socket.getOutputStream());
        }

        String line() throws IOException {
            return in.readLine();
        }

        String send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return line();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void acceptsAndRecordsByDefault() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(); Dialog dialog = Dialog.open(server)) {
            assertEquals("220 scripted.test ESMTP", dialog.line());
            assertEquals("250-scripted.test", dialog.send("EHLO me\r\n"));
            assertEquals("250-PIPELINING", dialog.line());
            assertEquals("250-8BITMIME", dialog.line());
            assertEquals("250 ENHANCEDSTATUSCODES", dialog.line());
            assertEquals("250 2.1.0 Ok", dialog.send("MAIL FROM:<a@b.test>\r\n"));
            assertEquals("250 2.1.5 Ok", dialog.send("RCPT TO:<c@d.test>\r\n"));
            assertTrue(dialog.send("DATA\r\n").startsWith("354"));
            assertEquals("250 2.0.0 Ok: queued", dialog.send("a\r\n..b\r\n.\r\n"));
            assertEquals("221 2.0.0 Bye", dialog.send("QUIT\r\n"));

            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals(1, tx.connection());
            assertEquals("MAIL FROM:<a@b.test>", tx.mail());
            assertEquals(List.of("RCPT TO:<c@d.test>"), tx.rcpts());
            assertEquals("a\r\n..b\r\n", tx.wireText());
            assertEquals("a\r\n.b\r\n", tx.contentText());
            assertEquals("EHLO me", server.takeCommand(WAIT));
            assertEquals(1, server.connectionCount());
        }
    }

    @Test
    void scriptedRepliesAreUsedOnceThenTheDefault() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start(); Dialog dialog = Dialog.open(server)) {
            server.script(Verb.RCPT, ScriptedResponse.reply("550-5.1.1 first", "550 5.1.1 second"));
            dialog.line();
            dialog.send("MAIL FROM:<a@b.test>\r\n");
            assertEquals("550-5.1.1 first", dialog.send("RCPT TO:<x@d.test>\r\n"));
            assertEquals("550 5.1.1 second", dialog.line());
            assertEquals("554 5.5.1 No valid recipients", dialog.send("DATA\r\n"));
            assertEquals("250 2.1.5 Ok", dialog.send("RCPT TO:<y@d.test>\r\n"));
        }
    }

    @Test
    void closeAndSilence() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            server.script(Verb.EHLO, ScriptedResponse.close());
            try (Dialog dialog = Dialog.open(server)) {
                dialog.line();
                assertNull(dialog.send("EHLO me\r\n"), "closed without a reply");
            }
            assertThrows(AssertionError.class, () -> server.takeTransaction(Duration.ofMillis(1)));
        }
    }

    @Test
    void authIsRequiredWhenAsked() throws Exception {
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start().requireAuth("u", "p");
             Dialog dialog = Dialog.open(server)) {
            dialog.line();
            assertEquals("530 5.7.0 Authentication required", dialog.send("MAIL FROM:<a@b.test>\r\n"));
            assertEquals("535 5.7.8 Authentication failed", dialog.send("AUTH PLAIN AHUAeA==\r\n"));
            assertEquals("235 2.7.0 Authentication successful", dialog.send("AUTH PLAIN AHUAcA==\r\n"));
            assertEquals("250 2.1.0 Ok", dialog.send("MAIL FROM:<a@b.test>\r\n"));
        }
    }
}
