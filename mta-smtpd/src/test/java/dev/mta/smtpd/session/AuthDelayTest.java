package dev.mta.smtpd.session;

import dev.mta.core.tls.KeyType;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ServerTlsContext;
import dev.mta.smtpd.auth.Argon2Cost;
import dev.mta.smtpd.auth.AuthThrottle;
import dev.mta.smtpd.auth.AuthThrottleSettings;
import dev.mta.smtpd.auth.Authenticator;
import dev.mta.smtpd.auth.PasswordHasher;
import dev.mta.smtpd.auth.User;
import dev.mta.smtpd.auth.UserDirectory;
import dev.mta.testkit.sink.InMemoryMessageSink;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AUTH failure reply waits for the throttle's delay on the event loop's scheduler, driven here with
 * {@code advanceTimeBy}: nothing is written before it, and pipelined input is held and answered after it.
 */
class AuthDelayTest {

    @TempDir
    Path dir;

    @Test
    void theRefusalIsWrittenAfterItsDelayAndHeldInputIsAnsweredAfterIt() throws Exception {
        PasswordHasher hasher = new PasswordHasher(new Argon2Cost(64, 1, 1), new SecureRandom());
        Path file = Files.writeString(dir.resolve("users"),
                "alice@ours.test:" + hasher.hash("right").usersFileForm() + "\n");
        UserDirectory users = UserDirectory.load(file);
        AuthThrottle throttle = new AuthThrottle(new AuthThrottleSettings(5, Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ofSeconds(1), 100), EmbeddedSession.CLOCK);
        // The check runs on the calling thread here; the loopback tests cover the hop from a real pool.
        Authenticator authenticator = new Authenticator(() -> users, hasher, throttle, Runnable::run);
        ServerTlsContext tls = new ServerTlsContext(new SelfSignedCertificateGenerator(EmbeddedSession.CLOCK)
                .generate(EmbeddedSession.HOSTNAME, KeyType.EC_P256));
        try (EmbeddedSession s = new EmbeddedSession(new InMemoryMessageSink(EmbeddedSession.CLOCK, Runnable::run),
                ListenerRole.SUBMISSIONS, false, LimitSettings.DEFAULTS, Optional.of(tls),
                Optional.of(new SessionAuth(authenticator)))) {
            handshakeDone(s, tls);
            s.output();
            s.send("EHLO client.remote.test\r\n");
            assertTrue(s.output().contains("AUTH PLAIN LOGIN\r\n"));

            s.channel.freezeTime(); // the scheduler's time moves only with advanceTimeBy
            s.send("AUTH PLAIN " + plain("alice@ours.test", "wrong") + "\r\nNOOP\r\n");
            assertEquals("", s.output(), "nothing before the delay, not even the NOOP's reply");
            s.channel.advanceTimeBy(999, TimeUnit.MILLISECONDS);
            s.channel.runScheduledPendingTasks();
            assertEquals("", s.output());
            s.channel.advanceTimeBy(1, TimeUnit.MILLISECONDS);
            s.channel.runScheduledPendingTasks();
            String replies = s.output();
            assertTrue(replies.startsWith("535 5.7.8 Authentication credentials invalid\r\n250 "), replies);

            s.send("AUTH PLAIN " + plain("alice@ours.test", "right") + "\r\n");
            assertEquals("235 2.7.0 Authentication successful\r\n", s.output(), "success is answered at once");
        }
    }

    /**
     * The session as it is after a TLS handshake, without running one in an embedded channel: an SslHandler sits
     * behind the session, where the session finds its engine but no reply passes through it, and the completion
     * event is delivered.
     */
    private static void handshakeDone(EmbeddedSession s, ServerTlsContext tls) {
        s.channel.pipeline().addLast("engine-only", tls.newHandler(s.channel.alloc(), false));
        s.channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
    }

    private static String plain(String user, String password) {
        return Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }
}
