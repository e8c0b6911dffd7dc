package dev.mta.delivery.client;

import dev.mta.core.address.Utf8Mode;
import dev.mta.core.sink.BodyType;
import dev.mta.core.sink.Recipient;
import dev.mta.core.smtp.Reply;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One mail transaction on an established session (RFC 5321 section 3.3): the checks that can fail it before
 * anything is sent, then MAIL, RCPT for every recipient and DATA (pipelined when the server offers PIPELINING,
 * RFC 2920), then the content. Runs on the event loop. Each recipient ends with the reply that decided it: its
 * RCPT reply when refused, the end-of-data reply when accepted, the MAIL or DATA reply when those failed.
 */
final class TransactionRun {

    private final Wire wire;
    private final ServerCapabilities caps;
    private final ClientTimeouts timeouts;
    private final ContentWriter writer;
    private final OutboundEnvelope envelope;
    private final ContentSource content;
    private final RecipientResult[] results;
    private final boolean bdat;
    private Optional<Reply> dataReply = Optional.empty();
    private Optional<String> detail = Optional.empty();

    TransactionRun(Wire wire, ServerCapabilities caps, ClientTimeouts timeouts, ContentWriter writer,
                   OutboundEnvelope envelope, ContentSource content) {
        this.wire = wire;
        this.caps = caps;
        this.timeouts = timeouts;
        this.writer = writer;
        this.envelope = envelope;
        this.content = content;
        this.results = new RecipientResult[envelope.recipients().size()];
        this.bdat = envelope.parameters().body() == BodyType.BINARY_MIME;
    }

    /** The refusal found before sending anything, if there is one. */
    Optional<Reply> precheck() {
        if (bdat && !(caps.binaryMime() && caps.chunking())) {
            return Optional.of(ClientReplies.BINARYMIME_UNSUPPORTED);
        }
        if (envelope.needsSmtputf8() && !caps.smtpUtf8()) {
            return Optional.of(ClientReplies.SMTPUTF8_UNSUPPORTED);
        }
        if (caps.tooBig(content.size())) {
            return Optional.of(ClientReplies.TOO_BIG);
        }
        return Optional.empty();
    }

    /** Runs the transaction; never completes exceptionally. */
    CompletableFuture<TransactionResult> run() {
        Optional<Reply> refusal = precheck();
        if (refusal.isPresent()) {
            return CompletableFuture.completedFuture(all(refusal.get(), "not sent: " + refusal.get()));
        }
        String mail;
        try {
            mail = SmtpCommands.mail(envelope, content.size(), caps);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return CompletableFuture.completedFuture(all(ClientReplies.BAD_SENDER, e.getMessage()));
        }
        Utf8Mode mode = envelope.needsSmtputf8() ? Utf8Mode.UTF8_ALLOWED : Utf8Mode.ASCII_ONLY;
        List<Integer> sendable = new ArrayList<>();
        List<String> rcpts = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            Recipient recipient = envelope.recipients().get(i);
            try {
                rcpts.add(SmtpCommands.rcpt(recipient, mode, caps));
                sendable.add(i);
            } catch (IllegalArgumentException | IllegalStateException e) {
                results[i] = new RecipientResult(recipient, Outcome.PERMANENT, ClientReplies.BAD_RECIPIENT);
            }
        }
        if (sendable.isEmpty()) {
            return CompletableFuture.completedFuture(result());
        }
        CompletableFuture<List<Integer>> accepted = caps.pipelining()
                ? pipelined(mail, sendable, rcpts) : stepByStep(mail, sendable, rcpts);
        return accepted.thenCompose(this::content)
                .handle((ignored, error) -> {
                    if (error != null) {
                        SessionFailure failure = SessionFailure.of(error);
                        detail = Optional.of(failure.detail());
                        fillOpen(failure.reply());
                    }
                    return result();
                });
    }

    /** MAIL, every RCPT and DATA in one write; the replies in order (RFC 2920 section 3.1). */
    private CompletableFuture<List<Integer>> pipelined(String mail, List<Integer> sendable, List<String> rcpts) {
        CompletableFuture<Reply> mailReply = wire.queueCommand(mail, timeouts.mail());
        List<CompletableFuture<Reply>> rcptReplies = new ArrayList<>();
        for (String rcpt : rcpts) {
            rcptReplies.add(wire.queueCommand(rcpt, timeouts.rcpt()));
        }
        CompletableFuture<Reply> dataCommand = bdat ? null : wire.queueCommand("DATA", timeouts.dataInitiation());
        wire.flush();
        List<CompletableFuture<Reply>> all = new ArrayList<>(rcptReplies);
        all.add(mailReply);
        if (dataCommand != null) {
            all.add(dataCommand);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenCompose(v -> {
            List<Integer> ok = envelopeReplies(mailReply.join(), sendable,
                    rcptReplies.stream().map(CompletableFuture::join).toList());
            if (dataCommand == null) {
                return CompletableFuture.completedFuture(ok);
            }
            Reply data = dataCommand.join();
            if (data.code() == 354 && ok.isEmpty()) {
                // The server took DATA without a valid recipient: an empty message ends it (RFC 2920 section 3.1).
                return wire.command(".", timeouts.dataTermination()).thenApply(r -> List.<Integer>of());
            }
            return afterData(data, ok);
        });
    }

    private CompletableFuture<List<Integer>> stepByStep(String mail, List<Integer> sendable, List<String> rcpts) {
        return wire.command(mail, timeouts.mail()).thenCompose(mailReply -> {
            if (!mailReply.isPositiveCompletion()) {
                envelopeReplies(mailReply, sendable, List.of());
                return CompletableFuture.completedFuture(List.<Integer>of());
            }
            return rcptOneByOne(rcpts, 0, new ArrayList<>()).thenCompose(replies -> {
                List<Integer> ok = envelopeReplies(mailReply, sendable, replies);
                if (ok.isEmpty() || bdat) {
                    return CompletableFuture.completedFuture(ok);
                }
                return wire.command("DATA", timeouts.dataInitiation()).thenCompose(data -> afterData(data, ok));
            });
        });
    }

    private CompletableFuture<List<Reply>> rcptOneByOne(List<String> rcpts, int index, List<Reply> replies) {
        if (index == rcpts.size()) {
            return CompletableFuture.completedFuture(replies);
        }
        return wire.command(rcpts.get(index), timeouts.rcpt()).thenCompose(reply -> {
            replies.add(reply);
            return rcptOneByOne(rcpts, index + 1, replies);
        });
    }

    /** Records MAIL and RCPT refusals; returns the indexes of the accepted recipients. */
    private List<Integer> envelopeReplies(Reply mailReply, List<Integer> sendable, List<Reply> rcptReplies) {
        if (!mailReply.isPositiveCompletion()) {
            for (int index : sendable) {
                settle(index, mailReply);
            }
            return List.of();
        }
        List<Integer> ok = new ArrayList<>();
        for (int i = 0; i < rcptReplies.size(); i++) {
            Reply reply = rcptReplies.get(i);
            if (reply.isPositiveCompletion()) {
                ok.add(sendable.get(i));
            } else {
                settle(sendable.get(i), reply);
            }
        }
        return ok;
    }

    /** After the reply to DATA: on 354 go on with the content; otherwise that reply decides the accepted ones. */
    private CompletableFuture<List<Integer>> afterData(Reply data, List<Integer> ok) {
        if (data.code() == 354) {
            return CompletableFuture.completedFuture(ok);
        }
        if (!data.isTransientFailure() && !data.isPermanentFailure()) {
            // A 2xx or another 3xx to DATA: not SMTP; the content must not be taken as accepted.
            SessionFailure confused = new SessionFailure(ClientReplies.MALFORMED_REPLY, "unexpected reply to DATA "
                    + data);
            wire.fail(confused);
            return CompletableFuture.failedFuture(confused);
        }
        for (int index : ok) {
            settle(index, data);
        }
        return CompletableFuture.completedFuture(List.of());
    }

    private CompletableFuture<Void> content(List<Integer> accepted) {
        if (accepted.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Reply> end = bdat ? writer.bdat(content) : writer.data(content);
        return end.thenAccept(reply -> {
            dataReply = Optional.of(reply);
            for (int index : accepted) {
                settle(index, reply);
            }
        });
    }

    /** The recipient's result from a server reply; a 3xx where none belongs means we are out of step. */
    private void settle(int index, Reply reply) {
        Recipient recipient = envelope.recipients().get(index);
        if (reply.isPositiveIntermediate()) {
            detail = Optional.of("unexpected reply " + reply);
            wire.fail(new SessionFailure(ClientReplies.MALFORMED_REPLY, "unexpected reply " + reply));
            results[index] = new RecipientResult(recipient, Outcome.TEMPORARY, ClientReplies.MALFORMED_REPLY);
            return;
        }
        results[index] = new RecipientResult(recipient, Outcome.of(reply), reply);
    }

    private void fillOpen(Reply reply) {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                results[i] = new RecipientResult(envelope.recipients().get(i), Outcome.of(reply), reply);
            }
        }
    }

    private TransactionResult all(Reply reply, String why) {
        detail = Optional.of(why);
        fillOpen(reply);
        return result();
    }

    private TransactionResult result() {
        return new TransactionResult(List.of(results), dataReply, detail, caps.dsn());
    }
}
