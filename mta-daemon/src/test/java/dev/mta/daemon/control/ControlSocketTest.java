package dev.mta.daemon.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The socket on its own: stuck clients are cut off, a file in the way is never removed, the client escapes. */
class ControlSocketTest {

    @TempDir
    Path dir;

    @Test
    void aClientThatSendsNothingIsCutOffAndOthersAreStillAnswered() throws Exception {
        Path path = dir.resolve("run/control.sock");
        try (ControlSocket socket = ControlSocket.bind(path, Duration.ofMillis(200), Duration.ofSeconds(10))) {
            socket.serve((request, answer) -> answer.ok().write("pong\n"));
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(path.getParent())), "the directory it made is the owner's");

            try (SocketChannel stuck = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
                // Nothing sent: the deadline closes the connection, and the read sees the end of the stream.
                assertEquals(-1, Channels.newInputStream(stuck).read());
            }
            StringWriter out = new StringWriter();
            assertEquals(Optional.empty(), new ControlClient(path).send(ControlRequest.of(ControlCommand.LIST), out));
            assertEquals("pong\n", out.toString());
        }
        assertTrue(Files.notExists(path));
    }

    @Test
    void aRegularFileAtThePathIsLeftAloneAndBindingFails() throws Exception {
        Path path = Files.writeString(dir.resolve("control.sock"), "precious");

        IOException e = assertThrows(IOException.class, () -> ControlSocket.bind(path));

        assertTrue(e.getMessage().contains("exists and is not a socket"), e.getMessage());
        assertEquals("precious", Files.readString(path));
    }

    @Test
    void theClientShowsControlCharactersTheDaemonSentAsEscapes() throws Exception {
        Path path = dir.resolve("control.sock");
        CountDownLatch answered = new CountDownLatch(1);
        try (ControlSocket socket = ControlSocket.bind(path)) {
            socket.serve((request, answer) -> {
                answer.ok().write("a\u001b[2Jb\tc\n");
                answered.countDown();
            });
            StringWriter out = new StringWriter();

            new ControlClient(path).send(ControlRequest.of(ControlCommand.LIST), out);

            assertTrue(answered.await(10, TimeUnit.SECONDS));
            assertEquals("a\\x1b[2Jb\tc\n", out.toString());
        }
    }

    @Test
    void anErrorAnswerIsTheReasonAndNothingElse() throws Exception {
        Path path = dir.resolve("control.sock");
        try (ControlSocket socket = ControlSocket.bind(path)) {
            socket.serve((request, answer) -> answer.error("no\nsuch"));
            StringWriter out = new StringWriter();

            Optional<String> error = new ControlClient(path).send(ControlRequest.of(ControlCommand.LIST), out);

            assertEquals(Optional.of("no\\x0asuch"), error);
            assertEquals("", out.toString());
        }
    }

    @Test
    void noSocketMeansTheDaemonIsNotRunning() {
        assertThrows(DaemonNotRunningException.class, () -> new ControlClient(dir.resolve("none.sock"))
                .send(ControlRequest.of(ControlCommand.LIST), new StringWriter()));
    }

    @Test
    void theRequestLineIsAscii() {
        assertEquals("show-body 0123456789ABCD\n", ControlRequest.of(ControlCommand.SHOW_BODY, "0123456789ABCD")
                .line());
        assertEquals(StandardCharsets.US_ASCII.newEncoder().canEncode(ControlRequest.of(ControlCommand.DELETE_FROM,
                "j\u00f6rg@example.com").line()), true);
    }
}
