package dev.mta.smtpd.session;

import dev.mta.core.config.Rate;
import dev.mta.core.sink.DsnNotify;
import dev.mta.core.sink.Recipient;
import dev.mta.core.tls.KeyType;
import dev.mta.core.tls.SelfSignedCertificateGenerator;
import dev.mta.smtpd.LimitSettings;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.ServerTlsContext;
import dev.mta.smtpd.TimeoutSettings;
import dev.mta.smtpd.aliases.AliasTable;
import dev.mta.smtpd.aliases.AliasesFileParser;
import dev.mta.smtpd.auth.Argon2Cost;
import dev.mta.smtpd.auth.AuthThrottle;
import dev.mta.smtpd.auth.AuthThrottleSettings;
import dev.mta.smtpd.auth.Authenticator;
import dev.mta.smtpd.auth.PasswordHasher;
import dev.mta.smtpd.auth.UserDirectory;
import dev.mta.testkit.dns.ManualClock;
import dev.mta.testkit.sink.InMemoryMessageSink;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Aliases applied at RCPT, the per-user send rate, the messages-per-connection limit and the early talker, each
 * against a session in an {@code EmbeddedChannel}.
 */
class SessionAliasesAndLimitsTest {

    private static final String MESSAGE = "From: alice@ours.test\r\nSubject: hi\r\n\r\nbody\r\n.\r\n";

    @TempDir
    Path dir;

    private final InMemoryMessageSink sink = new InMemoryMessageSink(EmbeddedSession.CLOCK, Runnable::run);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-25T12:00:00Z"));

    private SessionConfig config(LimitSettings limits, TimeoutSettings timeouts, AliasTable aliases,
                                 Optional<SessionAuth> auth, Optional<ServerTlsContext> tls) {
        RecipientPolicy policy = EmbeddedSession.policy();
        return new SessionConfig(EmbeddedSession.HOSTNAME, limits, timeouts, SessionConfig.dataPolicy(limits),
                SessionConfig.DEFAULT_MAX_ERRORS, () -> policy, () -> aliases,
                new SendRateLimiter(limits.sendRatePerUser(), clock), sink, tls, EmbeddedSession.CLOCK, auth);
    }

    private static AliasTable aliases(String text) throws Exception {
        return AliasesFileParser.parse(Path.of("aliases"), text.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> addresses(List<Recipient> recipients) {
        return recipients.stream().map(r -> r.address().toString()).toList();
    }

    // ---- aliases -----------------------------------------------------------------------------------------

    @Test
    void anAliasOfAnAcceptedDomainIsReplacedByItsAddressesWithTheOriginalAsOrcpt() throws Exception {
        AliasTable table = aliases("root: admin@elsewhere.test, ops\nops: ops1@ours.test, admin@elsewhere.test\n"
                + "abuse: known@list.test\n");
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS, table,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<Root@ours.test> NOTIFY=FAILURE\r\n"
                    + "RCPT TO:<ops1@ours.test>\r\nRCPT TO:<abuse@list.test> ORCPT=rfc822;given@list.test\r\n"
                    + "DATA\r\n" + MESSAGE);
            String out = s.output();
            assertTrue(out.matches("(250 [^\r]*\r\n){4}354 [^\r]*\r\n250 2\\.0\\.0 [^\r]*\r\n"), out);
            List<Recipient> recipients = sink.messages().get(0).envelope().recipients();
            assertEquals(List.of("admin@elsewhere.test", "ops1@ours.test", "known@list.test"), addresses(recipients),
                    "expanded, nested names resolved, each address once");
            assertEquals(Optional.of("rfc822;Root@ours.test"), recipients.get(0).originalRecipient());
            assertEquals(Set.of(DsnNotify.FAILURE), recipients.get(0).notifyOn(), "the RCPT's NOTIFY is kept");
            assertEquals(Optional.of("rfc822;given@list.test"), recipients.get(2).originalRecipient(),
                    "an ORCPT the client gave stays");
        }
    }

    @Test
    void anAliasAtADomainWithARecipientsListIsAcceptedThoughNotListed() throws Exception {
        AliasTable table = aliases("hostmaster: known@list.test\n");
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS, table,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<hostmaster@list.test>\r\nRCPT TO:<nobody@list.test>\r\n"
                    + "RCPT TO:<postmaster@list.test>\r\n");
            String out = s.output();
            assertTrue(out.matches("250 2\\.1\\.0 [^\r]*\r\n250 2\\.1\\.5 [^\r]*\r\n550 5\\.1\\.1 [^\r]*\r\n"
                    + "250 2\\.1\\.5 [^\r]*\r\n"), out);
        }
    }

    @Test
    void theBarePostmasterFollowsItsAlias() throws Exception {
        AliasTable table = aliases("postmaster: admin@ours.test\n");
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS, table,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<Postmaster>\r\nDATA\r\n" + MESSAGE);
            assertTrue(s.output().contains("250 2.0.0 Ok: queued as "));
            Recipient only = sink.messages().get(0).envelope().recipients().get(0);
            assertEquals("admin@ours.test", only.address().toString());
            assertEquals(Optional.of("rfc822;postmaster@mx.ours.test"), only.originalRecipient());
        }
    }

    @Test
    void aliasesNeverApplyToOtherDomainsNorOpenARelay() throws Exception {
        AliasTable table = aliases("root: admin@elsewhere.test\n");
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS, table,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<root@elsewhere.test>\r\nRCPT TO:<root%x.test@ours.test>\r\n");
            String out = s.output();
            assertTrue(out.matches("250 [^\r]*\r\n554 5\\.7\\.1 [^\r]*\r\n554 5\\.7\\.1 [^\r]*\r\n"), out);
        }
    }

    @Test
    void aRecipientGivenTwiceIsKeptOnce() {
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, TimeoutSettings.DEFAULTS,
                AliasTable.EMPTY, Optional.empty(), Optional.empty()), ListenerRole.SMTP, false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\nRCPT TO:<u@ours.test>\r\nDATA\r\n" + MESSAGE);
            s.output();
            assertEquals(List.of("u@ours.test"), addresses(sink.messages().get(0).envelope().recipients()));
        }
    }

    // ---- messages per connection -------------------------------------------------------------------------

    @Test
    void theMailCommandBeyondTheLimitIs421AndTheConnectionCloses() {
        LimitSettings limits = LimitSettings.DEFAULTS.withMessagesPerConnection(2);
        try (EmbeddedSession s = new EmbeddedSession(config(limits, TimeoutSettings.DEFAULTS, AliasTable.EMPTY,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, false).greeted()) {
            s.send("MAIL FROM:<a@remote.test>\r\nRSET\r\n");
            s.send("MAIL FROM:<a@remote.test>\r\nRCPT TO:<u@ours.test>\r\nDATA\r\n" + MESSAGE);
            s.output();
            s.send("MAIL FROM:<a@remote.test>\r\nNOOP\r\n");
            assertEquals("421 4.7.0 Too many messages in one connection, closing connection\r\n", s.output(),
                    "nothing after it is answered");
            assertFalse(s.channel.isOpen());
            assertEquals(1, sink.messageCount());
        }
    }

    // ---- per-user send rate ------------------------------------------------------------------------------

    @Test
    void anAuthenticatedUserOverTheRateGets450AtMailUntilTheWindowSlides() throws Exception {
        PasswordHasher hasher = new PasswordHasher(new Argon2Cost(64, 1, 1), new SecureRandom());
        UserDirectory users = UserDirectory.load(Files.writeString(dir.resolve("users"),
                "alice@ours.test:" + hasher.hash("pw").usersFileForm() + "\n"));
        AuthThrottle throttle = new AuthThrottle(new AuthThrottleSettings(5, Duration.ofMinutes(1),
                Duration.ofMinutes(5), Duration.ZERO, 100), EmbeddedSession.CLOCK);
        Authenticator authenticator = new Authenticator(() -> users, hasher, throttle, Runnable::run);
        ServerTlsContext tls = new ServerTlsContext(new SelfSignedCertificateGenerator(EmbeddedSession.CLOCK)
                .generate(EmbeddedSession.HOSTNAME, KeyType.EC_P256));
        LimitSettings limits = LimitSettings.DEFAULTS.withSendRatePerUser(new Rate(2, Duration.ofHours(1)));
        try (EmbeddedSession s = new EmbeddedSession(config(limits, TimeoutSettings.DEFAULTS, AliasTable.EMPTY,
                Optional.of(new SessionAuth(authenticator)), Optional.of(tls)), ListenerRole.SUBMISSIONS, false)) {
            s.channel.pipeline().addLast("engine-only", tls.newHandler(s.channel.alloc(), false));
            s.channel.pipeline().fireUserEventTriggered(SslHandshakeCompletionEvent.SUCCESS);
            s.send("EHLO client.remote.test\r\nAUTH PLAIN " + Base64.getEncoder().encodeToString(
                    "\0alice@ours.test\0pw".getBytes(StandardCharsets.UTF_8)) + "\r\n");
            assertTrue(s.output().endsWith("235 2.7.0 Authentication successful\r\n"));
            String transaction = "MAIL FROM:<alice@ours.test>\r\nRCPT TO:<bob@elsewhere.test>\r\nDATA\r\n" + MESSAGE;
            s.send(transaction + transaction);
            s.output();
            assertEquals(2, sink.messageCount());
            s.send("MAIL FROM:<alice@ours.test>\r\n");
            assertEquals("450 4.7.1 Message rate exceeded, try again later\r\n", s.output());
            assertTrue(s.channel.isOpen(), "a 4xx, the session goes on");
            clock.advance(Duration.ofHours(2));
            s.send(transaction);
            assertTrue(s.output().contains("250 2.0.0 Ok: queued as "));
            assertEquals(3, sink.messageCount());
        }
    }

    @Test
    void aRelayNetworkWithoutAuthIsNotCounted() {
        LimitSettings limits = LimitSettings.DEFAULTS.withSendRatePerUser(new Rate(1, Duration.ofHours(1)));
        try (EmbeddedSession s = new EmbeddedSession(config(limits, TimeoutSettings.DEFAULTS, AliasTable.EMPTY,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, true).greeted()) {
            String transaction = "MAIL FROM:<a@ours.test>\r\nRCPT TO:<b@elsewhere.test>\r\nDATA\r\n" + MESSAGE;
            s.send(transaction + transaction + transaction);
            assertFalse(s.output().contains("450"));
            assertEquals(3, sink.messageCount());
        }
    }

    // ---- early talker ------------------------------------------------------------------------------------

    @Test
    void aClientThatTalksDuringTheGreetingDelayIsRefusedAndClosed() {
        TimeoutSettings timeouts = TimeoutSettings.DEFAULTS.withGreetingDelay(Duration.ofSeconds(3));
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, timeouts, AliasTable.EMPTY,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, false)) {
            assertEquals("", s.output(), "no greeting before the delay");
            s.send("EHLO spam.test\r\nMAIL FROM:<a@remote.test>\r\n");
            assertEquals("554 5.5.0 Protocol error: command sent before greeting\r\n", s.output());
            assertFalse(s.channel.isOpen());
        }
    }

    @Test
    void anIncompleteLineHeldWhenTheGreetingIsDueIsAnEarlyTalker() {
        TimeoutSettings timeouts = TimeoutSettings.DEFAULTS.withGreetingDelay(Duration.ofSeconds(3));
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, timeouts, AliasTable.EMPTY,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, false)) {
            s.send("EHLO spam");
            assertEquals("", s.output(), "a partial line is not yet a command");
            s.channel.advanceTimeBy(3, TimeUnit.SECONDS);
            s.channel.runScheduledPendingTasks();
            assertEquals("554 5.5.0 Protocol error: command sent before greeting\r\n", s.output());
            assertFalse(s.channel.isOpen());
        }
    }

    @Test
    void aPatientClientIsGreetedAfterTheDelayAndSubmissionNeverWaits() {
        TimeoutSettings timeouts = TimeoutSettings.DEFAULTS.withGreetingDelay(Duration.ofSeconds(3));
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, timeouts, AliasTable.EMPTY,
                Optional.empty(), Optional.empty()), ListenerRole.SMTP, false)) {
            assertEquals("", s.output());
            s.channel.advanceTimeBy(3, TimeUnit.SECONDS);
            s.channel.runScheduledPendingTasks();
            assertEquals("220 mx.ours.test ESMTP\r\n", s.output());
            s.send("EHLO client.remote.test\r\n");
            assertTrue(s.output().startsWith("250-mx.ours.test\r\n"));
        }
        try (EmbeddedSession s = new EmbeddedSession(config(LimitSettings.DEFAULTS, timeouts, AliasTable.EMPTY,
                Optional.empty(), Optional.empty()), ListenerRole.SUBMISSION, false)) {
            assertEquals("220 mx.ours.test ESMTP\r\n", s.output(), "submission greets at once");
        }
    }
}
