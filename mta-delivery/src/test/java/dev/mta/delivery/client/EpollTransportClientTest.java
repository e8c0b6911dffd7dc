package dev.mta.delivery.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mta.core.address.ReversePath;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.sink.Recipient;
import dev.mta.testkit.Envelopes;
import dev.mta.testkit.smtp.RecordedTransaction;
import dev.mta.testkit.smtp.ScriptedSmtpServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client on the epoll transport, the family the daemon's server uses on Linux: one message, end to end. */
class EpollTransportClientTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void sendsAMessageOverEpoll() throws Exception {
        assumeTrue(Epoll.isAvailable(), () -> "no native epoll on this machine: " + Epoll.unavailabilityCause());
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ExecutorService content = Executors.newSingleThreadExecutor();
        try (ScriptedSmtpServer server = ScriptedSmtpServer.start()) {
            SmtpClient client = new SmtpClient(group, EpollSocketChannel.class, content,
                    ClientSettings.defaults("client.test"));
            ConnectResult result = client.connect(new Destination(server.address(), "mx.test",
                    TlsPolicy.OPPORTUNISTIC, java.util.Optional.empty())).toCompletableFuture()
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS);
            SmtpConnection connection = assertInstanceOf(ConnectResult.Connected.class, result, result::toString)
                    .connection();
            OutboundEnvelope envelope = new OutboundEnvelope(ReversePath.of(Envelopes.mailbox("alice@example.net")),
                    MailParameters.DEFAULT, List.of(Recipient.of(Envelopes.mailbox("bob@example.com"))));
            TransactionResult sent = connection.send(envelope, SmtpClientTest.content("Subject: epoll\r\n\r\nHi\r\n"))
                    .toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertTrue(sent.allAccepted(), sent::toString);
            RecordedTransaction tx = server.takeTransaction(WAIT);
            assertEquals(List.of("RCPT TO:<bob@example.com>"), tx.rcpts());
            assertTrue(tx.contentText().contains("Subject: epoll"), tx::contentText);
            connection.quit();
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
            content.shutdownNow();
        }
    }
}
