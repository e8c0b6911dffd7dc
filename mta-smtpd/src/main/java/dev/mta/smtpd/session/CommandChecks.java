package dev.mta.smtpd.session;

import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.MailParameters;
import dev.mta.core.smtp.Replies;
import dev.mta.core.smtp.Reply;
import dev.mta.smtpd.ListenerRole;
import dev.mta.smtpd.auth.SaslMechanism;
import dev.mta.smtpd.wire.command.Command;

import java.util.Optional;

/**
 * Whether a command may run now: pure functions of the command, the phase, the facts and the limits, with no
 * side effect. The session calls the check, and only when it is empty the command's proceed step (OpenSMTPD's
 * split). Refusals that need the sink (its free space) or the recipient policy are made in the proceed step.
 */
public final class CommandChecks {

    private CommandChecks() {
    }

    /**
     * @param transaction the open transaction, or null
     * @param tlsOffered  whether a certificate is configured
     * @param maxMessage  the SIZE limit
     * @param maxRecipients recipients per message
     * @param authOffered whether this listener offers AUTH once TLS is active
     */
    public static Optional<Reply> check(Command command, Phase phase, SessionFacts facts, Transaction transaction,
                                        boolean tlsOffered, long maxMessage, int maxRecipients,
                                        boolean authOffered) {
        if (phase == Phase.BDAT && !(command instanceof Command.Bdat || command instanceof Command.Rset
                || command instanceof Command.Quit || command instanceof Command.Noop)) {
            // RFC 3030 section 2: between chunks only more BDAT (or RSET, QUIT, NOOP) makes sense.
            return Optional.of(Replies.BAD_SEQUENCE);
        }
        if (command instanceof Command.Mail mail) {
            return mail(mail, phase, facts, maxMessage);
        }
        if (command instanceof Command.Rcpt) {
            return rcpt(phase, transaction, maxRecipients);
        }
        if (command instanceof Command.Data) {
            return data(phase, transaction);
        }
        if (command instanceof Command.Bdat) {
            return bdat(phase, transaction);
        }
        if (command instanceof Command.StartTls) {
            return startTls(phase, facts, tlsOffered);
        }
        if (command instanceof Command.Auth auth) {
            return auth(auth, phase, facts, authOffered);
        }
        return Optional.empty();
    }

    static Optional<Reply> mail(Command.Mail mail, Phase phase, SessionFacts facts, long maxMessage) {
        if (phase == Phase.CONNECTED) {
            return Optional.of(SessionReplies.HELLO_FIRST);
        }
        if (phase.inTransaction()) {
            return Optional.of(SessionReplies.NESTED_MAIL);
        }
        if (facts.role().requiresAuth() && facts.authenticatedUser().isEmpty()) {
            // RFC 6409 section 4.3: submission needs AUTH first; without a users file these listeners take nothing.
            return Optional.of(Replies.AUTH_REQUIRED);
        }
        MailParameters params = mail.params();
        if (!facts.esmtp() && !params.equals(MailParameters.DEFAULT)) {
            return Optional.of(SessionReplies.NEEDS_EHLO);
        }
        if (params.declaredSize().isPresent() && params.declaredSize().getAsLong() > maxMessage) {
            // RFC 1870 section 6.1: refuse at MAIL what will not fit.
            return Optional.of(Replies.MESSAGE_TOO_BIG);
        }
        return Optional.empty();
    }

    static Optional<Reply> rcpt(Phase phase, Transaction transaction, int maxRecipients) {
        if (phase != Phase.MAIL && phase != Phase.RCPT) {
            return Optional.of(phase == Phase.CONNECTED || phase == Phase.READY
                    ? SessionReplies.MAIL_FIRST : Replies.BAD_SEQUENCE);
        }
        if (transaction.recipientCount() >= maxRecipients) {
            return Optional.of(Replies.TOO_MANY_RECIPIENTS);
        }
        return Optional.empty();
    }

    static Optional<Reply> data(Phase phase, Transaction transaction) {
        if (phase == Phase.MAIL) {
            return Optional.of(Replies.NO_VALID_RECIPIENTS);
        }
        if (phase != Phase.RCPT) {
            return Optional.of(phase == Phase.CONNECTED || phase == Phase.READY
                    ? SessionReplies.MAIL_FIRST : Replies.BAD_SEQUENCE);
        }
        if (transaction.parameters().body() == BodyType.BINARY_MIME) {
            return Optional.of(SessionReplies.BINARYMIME_NEEDS_BDAT);
        }
        if (transaction.transfer() == Transaction.Transfer.BDAT) {
            return Optional.of(SessionReplies.DATA_AND_BDAT_MIXED);
        }
        return Optional.empty();
    }

    static Optional<Reply> bdat(Phase phase, Transaction transaction) {
        if (phase == Phase.MAIL) {
            return Optional.of(Replies.NO_VALID_RECIPIENTS);
        }
        if (phase != Phase.RCPT && phase != Phase.BDAT) {
            return Optional.of(phase == Phase.CONNECTED || phase == Phase.READY
                    ? SessionReplies.MAIL_FIRST : Replies.BAD_SEQUENCE);
        }
        if (transaction.transfer() == Transaction.Transfer.DATA) {
            return Optional.of(SessionReplies.DATA_AND_BDAT_MIXED);
        }
        return Optional.empty();
    }

    /**
     * AUTH (RFC 4954 section 4). Not offered on this listener: 502, as for a command we do not have. Offered but
     * not yet under TLS: 538 5.7.11 (section 6), since PLAIN and LOGIN send the password itself. Before EHLO,
     * after a successful AUTH, or inside a transaction: 503 5.5.1. An unknown mechanism: 504 5.5.4.
     */
    static Optional<Reply> auth(Command.Auth auth, Phase phase, SessionFacts facts, boolean authOffered) {
        if (!authOffered) {
            return Optional.of(SessionReplies.AUTH_NOT_AVAILABLE);
        }
        if (!facts.tls()) {
            return Optional.of(Replies.ENCRYPTION_REQUIRED_FOR_AUTH);
        }
        if (phase == Phase.CONNECTED || !facts.esmtp()) {
            return Optional.of(SessionReplies.HELLO_FIRST);
        }
        if (facts.authenticatedUser().isPresent() || phase.inTransaction()) {
            return Optional.of(Replies.BAD_SEQUENCE);
        }
        if (SaslMechanism.byName(auth.mechanism()).isEmpty()) {
            return Optional.of(Replies.AUTH_MECHANISM_UNKNOWN);
        }
        return Optional.empty();
    }

    static Optional<Reply> startTls(Phase phase, SessionFacts facts, boolean tlsOffered) {
        if (facts.tls() || facts.role() == ListenerRole.SUBMISSIONS) {
            return Optional.of(SessionReplies.TLS_ALREADY_ACTIVE);
        }
        if (!tlsOffered) {
            return Optional.of(Replies.NOT_IMPLEMENTED);
        }
        if (phase.inTransaction()) {
            return Optional.of(Replies.BAD_SEQUENCE);
        }
        return Optional.empty();
    }
}
