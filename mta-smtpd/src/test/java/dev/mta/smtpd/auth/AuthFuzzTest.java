package dev.mta.smtpd.auth;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.mta.core.address.Domain;
import dev.mta.core.address.Mailbox;
import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzz targets for the AUTH decoders, with the invariants of SECURITY.md section 5: the SASL exchanges and the
 * users file parser return values or their one checked exception, never anything else; credentials are never
 * empty and hold no NUL; no text form shows a password; a parsed users file written out again parses to the
 * same users. {@code mvn verify} runs them in regression mode; {@code JAZZER_FUZZ=1 mvn -pl mta-smtpd test
 * -Dtest=AuthFuzzTest} fuzzes.
 */
class AuthFuzzTest {

    private static final Set<Reply> FAILURES = Set.of(Replies.AUTH_FAILED, Replies.AUTH_CANCELLED,
            Replies.AUTH_LINE_TOO_LONG, AuthReplies.CANNOT_DECODE);

    @FuzzTest(maxDuration = "2m")
    void saslExchanges(FuzzedDataProvider data) {
        SaslMechanism mechanism = data.pickValue(SaslMechanism.values());
        SaslExchange exchange = mechanism.newExchange();
        Optional<String> initial = data.consumeBoolean()
                ? Optional.of(data.consumeString(64)) : Optional.empty();
        SaslStep step = exchange.start(initial);
        int rounds = 0;
        while (step instanceof SaslStep.Challenge && rounds++ < 3) {
            step = exchange.respond(data.consumeString(200));
        }
        if (step instanceof SaslStep.Credentials credentials) {
            assertFalse(credentials.authcid().isEmpty());
            assertFalse(credentials.password().isEmpty());
            assertFalse(credentials.authcid().contains("\0") || credentials.password().contains("\0"));
            assertEquals("Credentials[authcid=" + LogSafe.quote(credentials.authcid()) + ", password=(hidden)]",
                    credentials.toString());
        } else if (step instanceof SaslStep.Failed failed) {
            assertTrue(FAILURES.contains(failed.reply()), failed.reply().toString());
        }
    }

    @FuzzTest(maxDuration = "2m")
    void usersFile(byte[] content) throws Exception {
        Map<String, User> users;
        try {
            users = UsersFileParser.parse(Path.of("users"), content);
        } catch (UsersFileException e) {
            assertFalse(e.problems().isEmpty());
            return;
        }
        List<String> lines = new ArrayList<>();
        for (User user : users.values()) {
            assertTrue(user.login().host() instanceof Domain);
            StringBuilder line = new StringBuilder(user.login().toString()).append(':')
                    .append(user.password().usersFileForm());
            List<String> allowed = new ArrayList<>();
            user.allowedAddresses().stream().map(Mailbox::toString).forEach(allowed::add);
            user.allowedDomains().stream().map(d -> "@" + d.unicode()).forEach(allowed::add);
            if (!allowed.isEmpty()) {
                line.append(":allow=").append(String.join(",", allowed));
            }
            lines.add(line.toString());
        }
        byte[] written = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
        assertEquals(new ArrayList<>(users.values()), new ArrayList<>(UsersFileParser.parse(Path.of("users"),
                written).values()));
    }
}
