package dev.mta.smtpd.auth;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.mta.core.smtp.Replies;
import dev.mta.testkit.Stages;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthenticatorTest {

    private static final String POOL_THREAD = "auth-test-pool";
    private static final InetAddress CLIENT = InetAddress.getLoopbackAddress();

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock();
    private final AuthThrottle throttle = new AuthThrottle(AuthThrottleSettings.DEFAULTS, clock);
    private final PasswordHasher hasher = new PasswordHasher(new Argon2Cost(64, 1, 1), new SecureRandom());
    private final RecordingVerifier verifier = new RecordingVerifier(hasher);
    private ExecutorService pool;
    private UserDirectory users;

    /** The real hasher, recording each check and the thread it ran on. */
    private static final class RecordingVerifier implements PasswordVerifier {
        private final PasswordVerifier real;
        final ConcurrentLinkedQueue<StoredPassword> checked = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<String> threads = new ConcurrentLinkedQueue<>();

        RecordingVerifier(PasswordVerifier real) {
            this.real = real;
        }

        @Override
        public boolean verify(String password, StoredPassword stored) {
            checked.add(stored);
            threads.add(Thread.currentThread().getName());
            return real.verify(password, stored);
        }

        @Override
        public StoredPassword dummy() {
            return real.dummy();
        }
    }

    @BeforeAll
    static void quietLogs() {
        QuietLogs.apply();
    }

    @BeforeEach
    void setUp() throws Exception {
        pool = Executors.newSingleThreadExecutor(task -> new Thread(task, POOL_THREAD));
        Path file = Files.writeString(dir.resolve("users"),
                "alice@example.com:" + hasher.hash("right password").usersFileForm() + "\n"
                        + "bob@example.com:{BLF-CRYPT}" + Vectors.BCRYPT_HTPASSWD + "\n");
        users = UserDirectory.load(file);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private Authenticator authenticator() {
        return new Authenticator(() -> users, verifier, throttle, pool);
    }

    private AuthResult authenticate(String user, String password) {
        return Stages.await(authenticator().authenticate(user, password, CLIENT));
    }

    @Test
    void rightPasswordLogsInAsTheCanonicalUserOnThePool() {
        AuthResult.Succeeded ok = assertInstanceOf(AuthResult.Succeeded.class,
                authenticate("Alice@EXAMPLE.com", "right password"));
        assertEquals("alice@example.com", ok.user().login().toString());
        assertEquals(Replies.AUTH_SUCCEEDED, ok.reply());
        assertEquals(List.of(POOL_THREAD), List.copyOf(verifier.threads));

        assertInstanceOf(AuthResult.Succeeded.class, authenticate("bob@example.com", Vectors.PASSWORD));
    }

    @Test
    void unknownUserAndWrongPasswordGetTheSameResultAndBothRunAHashCheck() {
        AuthResult wrongPassword = authenticate("alice@example.com", "wrong password");
        AuthResult unknownUser = authenticate("nobody@example.com", "right password");
        AuthResult notAnAddress = authenticate("nobody", "right password");

        AuthResult expected = new AuthResult.Refused(Replies.AUTH_FAILED, Duration.ofSeconds(1));
        assertEquals(expected, wrongPassword);
        assertEquals(expected, unknownUser);
        assertEquals(expected, notAnAddress);
        assertEquals("535 5.7.8 Authentication credentials invalid", Replies.AUTH_FAILED.toString());

        List<StoredPassword> checked = new ArrayList<>(verifier.checked);
        assertEquals(3, checked.size(), "every attempt ran a hash check");
        assertEquals(users.find("alice@example.com").orElseThrow().password(), checked.get(0));
        assertSame(hasher.dummy(), checked.get(1), "unknown user checked against the dummy");
        assertSame(hasher.dummy(), checked.get(2));
        Argon2idHash dummy = assertInstanceOf(Argon2idHash.class, checked.get(1));
        assertEquals(new Argon2Cost(64, 1, 1), dummy.cost(), "the dummy has the hasher's (default) cost");
        assertEquals(List.of(POOL_THREAD, POOL_THREAD, POOL_THREAD), List.copyOf(verifier.threads));
    }

    @Test
    void theCheckRunsOnlyWhenTheExecutorRunsIt() {
        List<Runnable> queued = new ArrayList<>();
        Authenticator authenticator = new Authenticator(() -> users, verifier, throttle, queued::add);
        CompletionStage<AuthResult> stage = authenticator.authenticate("alice@example.com", "right password",
                CLIENT);
        assertFalse(stage.toCompletableFuture().isDone(), "nothing ran on the caller's thread");
        assertTrue(verifier.checked.isEmpty());
        assertEquals(1, queued.size());

        queued.get(0).run();
        assertInstanceOf(AuthResult.Succeeded.class, Stages.await(stage));
    }

    @Test
    void fiveFailuresLockTheClientOutAndTheRightPasswordIsRefusedWithoutACheck() {
        for (int i = 0; i < 5; i++) {
            assertEquals(Replies.AUTH_FAILED,
                    assertInstanceOf(AuthResult.Refused.class, authenticate("alice@example.com", "guess " + i))
                            .reply());
        }
        int checks = verifier.checked.size();
        AuthResult.Refused locked = assertInstanceOf(AuthResult.Refused.class,
                authenticate("alice@example.com", "right password"));
        assertEquals(AuthReplies.TOO_MANY_FAILURES, locked.reply());
        assertEquals(Duration.ofSeconds(1), locked.delay());
        assertEquals(checks, verifier.checked.size(), "no hash check while locked out");

        clock.advance(Duration.ofMinutes(5));
        assertInstanceOf(AuthResult.Succeeded.class, authenticate("alice@example.com", "right password"));
    }

    @Test
    void aFullPoolIsATemporaryFailureThatCountsNoGuess() {
        Authenticator authenticator = new Authenticator(() -> users, verifier, throttle, task -> {
            throw new RejectedExecutionException("full");
        });
        for (int i = 0; i < 10; i++) {
            AuthResult.Refused refused = assertInstanceOf(AuthResult.Refused.class,
                    Stages.await(authenticator.authenticate("alice@example.com", "right password", CLIENT)));
            assertEquals(AuthReplies.TEMPORARY_FAILURE, refused.reply());
        }
        assertFalse(throttle.isLockedOut(CLIENT));
        assertInstanceOf(AuthResult.Succeeded.class, authenticate("alice@example.com", "right password"));
    }

    @Test
    void aFailingCheckIsATemporaryFailure() {
        PasswordVerifier broken = new PasswordVerifier() {
            @Override
            public boolean verify(String password, StoredPassword stored) {
                throw new IllegalStateException("broken");
            }

            @Override
            public StoredPassword dummy() {
                return hasher.dummy();
            }
        };
        Authenticator authenticator = new Authenticator(() -> users, broken, throttle, pool);
        AuthResult.Refused refused = assertInstanceOf(AuthResult.Refused.class,
                Stages.await(authenticator.authenticate("alice@example.com", "right password", CLIENT)));
        assertEquals(AuthReplies.TEMPORARY_FAILURE, refused.reply());
    }

    @Test
    void aReloadedDirectoryIsUsedForTheNextAttempt() throws Exception {
        Path file = Files.writeString(dir.resolve("users2"), "carol@example.com:" + hasher.hash("pw").usersFileForm());
        ReloadableUserDirectory reloadable = ReloadableUserDirectory.load(file);
        Authenticator authenticator = new Authenticator(reloadable, verifier, throttle, pool);
        assertInstanceOf(AuthResult.Succeeded.class,
                Stages.await(authenticator.authenticate("carol@example.com", "pw", CLIENT)));
        Files.writeString(file, "carol@example.com:" + hasher.hash("new pw").usersFileForm());
        reloadable.reload();
        assertInstanceOf(AuthResult.Refused.class,
                Stages.await(authenticator.authenticate("carol@example.com", "pw", CLIENT)));
        assertInstanceOf(AuthResult.Succeeded.class,
                Stages.await(authenticator.authenticate("carol@example.com", "new pw", CLIENT)));
    }

    @Test
    void mechanismFailuresWithRefusedCredentialsCountAsGuessesAndProtocolErrorsDoNot() {
        Authenticator authenticator = authenticator();
        SaslStep foreignAuthzid = SaslMechanism.PLAIN.newExchange().start(Optional.of(
                Base64.getEncoder().encodeToString("bob@example.com\0alice@example.com\0x".getBytes(
                        StandardCharsets.UTF_8))));
        SaslStep.Failed refusedCredentials = assertInstanceOf(SaslStep.Failed.class, foreignAuthzid);
        SaslStep.Failed cancelled = new SaslStep.Failed(Replies.AUTH_CANCELLED);

        for (int i = 0; i < 10; i++) {
            assertEquals(new AuthResult.Refused(Replies.AUTH_CANCELLED, Duration.ZERO),
                    authenticator.refused(cancelled, CLIENT));
        }
        assertFalse(throttle.isLockedOut(CLIENT), "cancels are not guesses");
        for (int i = 0; i < 5; i++) {
            assertEquals(new AuthResult.Refused(Replies.AUTH_FAILED, Duration.ofSeconds(1)),
                    authenticator.refused(refusedCredentials, CLIENT));
        }
        assertTrue(throttle.isLockedOut(CLIENT));
        assertEquals(AuthReplies.TOO_MANY_FAILURES, assertInstanceOf(AuthResult.Refused.class,
                authenticate("alice@example.com", "right password")).reply());
    }

    @Test
    void logsNameUserAndClientButNeverThePassword() {
        Logger logger = (Logger) LoggerFactory.getLogger(Authenticator.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        logger.setLevel(Level.INFO);
        logger.setAdditive(false); // to the list only, not the console
        try {
            authenticate("alice@example.com", "right password");
            authenticate("alice@example.com", "Wrong-Secret-1");
            authenticate("mallory@example.com\r\nFAKE LINE", "Wrong-Secret-2");
        } finally {
            logger.setAdditive(true);
            logger.setLevel(null);
            logger.detachAppender(appender);
        }
        List<String> lines = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(3, lines.size(), lines.toString());
        for (String line : lines) {
            assertFalse(line.contains("right password") || line.contains("Wrong-Secret"), line);
            assertFalse(line.contains("\r") || line.contains("\n"), "no forged log line: " + line);
            assertTrue(line.contains(CLIENT.getHostAddress()), line);
        }
        assertTrue(lines.get(1).contains("authentication failed") && lines.get(1).contains("alice@example.com"),
                lines.get(1));
        assertTrue(lines.get(2).contains("mallory@example.com\\u000D\\u000AFAKE LINE"), lines.get(2));
        assertNotEquals(lines.get(0), lines.get(1));
    }
}
